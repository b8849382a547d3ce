using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.SemanticCache;
using LlmLint.Stores;
using LlmLint.Tests.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

/// <summary>With a protector, stored prompts and answers are encrypted at rest and still served.</summary>
public sealed class CacheProtectionTests : IDisposable
{
    private const string Secret = "My card password is hunter2, how do I change it";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-protect-" + Guid.NewGuid().ToString("N"));

    public CacheProtectionTests() => Directory.CreateDirectory(_dir);

    internal static ICacheProtector Protector { get; } = new DataProtectionCacheProtector(new AesTestDataProtector());

    [Fact]
    public async Task Semantic_sqlite_row_holds_no_plaintext_and_still_hits()
    {
        string path = Path.Combine(_dir, "semantic.db");
        var inner = new FakeChatClient();
        using (var store = new SqliteSemanticCacheStore($"Data Source={path}"))
        {
            SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), store, o =>
            {
                o.Threshold = 0.75f;
                o.StoreTimeout = TimeSpan.FromSeconds(10); // a loaded machine must not turn this into a bypass
                o.Protector = Protector;
            });
            ChatResponse first = await client.GetResponseAsync(Secret, SemanticCacheFaultTests.For("acme"));
            ChatResponse second = await client.GetResponseAsync(Secret + "?", SemanticCacheFaultTests.For("acme"));
            Assert.Equal(first.Text, second.Text);
            Assert.Equal(1, inner.Calls);
        }

        SqliteConnection.ClearAllPools();
        string raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)) + ReadWal(path);
        Assert.DoesNotContain("hunter2", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("answer 1", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exact_sqlite_row_holds_no_plaintext_and_still_hits()
    {
        string path = Path.Combine(_dir, "exact.db");
        FakeChatClient inner = FakeChatClient.Answering("Your new password hunter3 is set");
        var client = new LlmLintCachingChatClient(inner, new SqliteLlmCacheStore(path), PatientCacheOptions.Create(Protector));

        await client.GetResponseAsync(Msgs.User(Secret));
        ChatResponse hit = await client.GetResponseAsync(Msgs.User(Secret));

        Assert.True(hit.IsCacheHit());
        Assert.Equal("Your new password hunter3 is set", hit.Text);
        SqliteConnection.ClearAllPools();
        string raw = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(path)) + ReadWal(path);
        Assert.DoesNotContain("hunter3", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entry_written_under_another_key_is_an_unreadable_entry_not_an_error()
    {
        var store = new InMemoryLlmCacheStore();
        FakeChatClient inner = FakeChatClient.Answering("ok");
        var writer = new LlmLintCachingChatClient(inner, store, new LlmLintCacheOptions { Protector = Protector });
        await writer.GetResponseAsync(Msgs.User(Secret));
        var reader = new LlmLintCachingChatClient(inner, store, new LlmLintCacheOptions { Protector = new DataProtectionCacheProtector(new AesTestDataProtector()) });

        ChatResponse response = await reader.GetResponseAsync(Msgs.User(Secret));

        Assert.False(response.IsCacheHit());
        Assert.Equal(1, reader.UnreadableEntries);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// An <see cref="IDataProtector"/> with a random AES-GCM key per instance (the test project stays on the
    /// Microsoft.Extensions 10 packages, which the full Data Protection 11 stack does not accept).
    /// </summary>
    private sealed class AesTestDataProtector : IDataProtector
    {
        private readonly byte[] _key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

        public IDataProtector CreateProtector(string purpose) => this;

        public byte[] Protect(byte[] plaintext)
        {
            byte[] result = new byte[12 + 16 + plaintext.Length];
            System.Security.Cryptography.RandomNumberGenerator.Fill(result.AsSpan(0, 12));
            using var aes = new System.Security.Cryptography.AesGcm(_key, 16);
            aes.Encrypt(result.AsSpan(0, 12), plaintext, result.AsSpan(28), result.AsSpan(12, 16));
            return result;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            byte[] plain = new byte[protectedData.Length - 28];
            using var aes = new System.Security.Cryptography.AesGcm(_key, 16);
            aes.Decrypt(protectedData.AsSpan(0, 12), protectedData.AsSpan(28), protectedData.AsSpan(12, 16), plain);
            return plain;
        }
    }

    private static string ReadWal(string path) => File.Exists(path + "-wal") ? Encoding.UTF8.GetString(File.ReadAllBytes(path + "-wal")) : string.Empty;
}
