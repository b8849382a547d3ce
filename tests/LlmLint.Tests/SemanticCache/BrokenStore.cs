using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

/// <summary>A store whose every call fails or hangs, to test bypassing.</summary>
internal sealed class BrokenStore : ISemanticCacheStore
{
    public bool Hang { get; set; }

    public int Dimensions => FakeEmbeddingGenerator.Dimensions;

    public int Calls { get; private set; }

    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        => Fail<long>();

    public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
        => Fail<IReadOnlyList<SemanticSearchResult>>();

    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default) => Fail<bool>();

    public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default) => Fail<int>();

    public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default) => Fail<int>();

    public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default) => Fail<int>();

    private async ValueTask<T> Fail<T>()
    {
        Calls++;
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        throw new System.IO.IOException("connection refused");
    }
}
