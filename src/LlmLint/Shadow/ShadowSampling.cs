namespace LlmLint.Shadow;

/// <summary>
/// Deterministic sampler: call number <c>i</c> (0-based) is sampled when <c>⌊(i+1)·rate⌋ &gt; ⌊i·rate⌋</c>, so exactly
/// <c>⌊n·rate⌋</c> of the first <c>n</c> calls are sampled, evenly spread.
/// </summary>
/// <remarks>Thread-safe (one interlocked increment per call).</remarks>
public sealed class DeterministicSampler
{
    private long _calls = -1;

    /// <summary>Creates a sampler.</summary>
    /// <param name="rate">Share of calls to sample, in [0, 1].</param>
    public DeterministicSampler(double rate)
    {
        if (!(rate >= 0 && rate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The sample rate must be in [0, 1].");
        }

        Rate = rate;
    }

    /// <summary>Gets the sample rate.</summary>
    public double Rate { get; }

    /// <summary>Gets the number of calls seen.</summary>
    public long Calls => Interlocked.Read(ref _calls) + 1;

    /// <summary>Counts a call and returns whether it is sampled.</summary>
    public bool ShouldSample()
    {
        long i = Interlocked.Increment(ref _calls);
        return Math.Floor((i + 1) * Rate) > Math.Floor(i * Rate);
    }
}

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> tokens a second, at most <see cref="Burst"/> stored.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private double _tokens;
    private long _last;

    /// <summary>Creates a full bucket.</summary>
    public TokenBucket(double permitsPerSecond, int burst, TimeProvider? timeProvider = null)
    {
        if (!(permitsPerSecond >= 0) || double.IsInfinity(permitsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(permitsPerSecond), permitsPerSecond, "The rate must be a finite number ≥ 0.");
        }

        if (burst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(burst), burst, "The burst must be at least 1.");
        }

        PermitsPerSecond = permitsPerSecond;
        Burst = burst;
        _time = timeProvider ?? TimeProvider.System;
        _tokens = burst;
        _last = _time.GetTimestamp();
    }

    /// <summary>Gets the refill rate.</summary>
    public double PermitsPerSecond { get; }

    /// <summary>Gets the bucket size.</summary>
    public int Burst { get; }

    /// <summary>Takes one token if available.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            long now = _time.GetTimestamp();
            double elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
            _last = now;
            _tokens = Math.Min(Burst, _tokens + elapsed * PermitsPerSecond);
            if (_tokens >= 1)
            {
                _tokens -= 1;
                return true;
            }

            return false;
        }
    }
}
