using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Stores;

namespace LlmLint.Tests;

/// <summary>A store that fails (throws or hangs) on demand.</summary>
internal sealed class FaultyStore : ILlmCacheStore
{
    public bool Throw { get; set; } = true;

    public bool Hang { get; set; }

    public int Gets;

    public int Sets;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Gets);
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (Throw)
        {
            throw new InvalidOperationException("store down");
        }

        return null;
    }

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Sets);
        if (Hang)
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
        }

        if (Throw)
        {
            throw new InvalidOperationException("store down");
        }
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) =>
        Throw ? throw new InvalidOperationException("store down") : default;
}
