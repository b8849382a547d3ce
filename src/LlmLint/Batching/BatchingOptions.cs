using System.Threading.Tasks;

namespace LlmLint.Batching;

/// <summary>Options of <see cref="BatchExecutor"/>.</summary>
public sealed class BatchingOptions
{
    /// <summary>Gets or sets the most requests per provider batch (capped by the provider's own limit). Default 1,000.</summary>
    public int MaxBatchSize { get; set; } = 1000;

    /// <summary>Gets or sets how long the oldest queued request may wait for a fuller batch before a batch is sent anyway. Default 1 minute.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the first interval between two status checks of a batch; each check that finds it running doubles it. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the longest interval between two status checks. Default 10 minutes.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long a failed provider or queue call waits before it is tried again. Default 30 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the callback that receives every finished request whose caller is not waiting for it in this process
    /// (it stopped waiting, or the process restarted while its batch ran). Without it such results stay in the queue until
    /// a callback is registered. A callback that throws is called again on the next round.
    /// </summary>
    public Func<BatchCompletion, CancellationToken, Task>? OnCompleted { get; set; }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        if (MaxBatchSize < 1)
        {
            throw new ArgumentException($"BatchingOptions.MaxBatchSize must be at least 1 (was {MaxBatchSize}).");
        }

        foreach ((string name, TimeSpan value) in new[] { ("MaxWait", MaxWait), ("PollInterval", PollInterval), ("MaxPollInterval", MaxPollInterval), ("RetryDelay", RetryDelay) })
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentException($"BatchingOptions.{name} must be positive (was {value}).");
            }
        }

        if (MaxPollInterval < PollInterval)
        {
            throw new ArgumentException($"BatchingOptions.MaxPollInterval ({MaxPollInterval}) must not be shorter than PollInterval ({PollInterval}).");
        }
    }
}
