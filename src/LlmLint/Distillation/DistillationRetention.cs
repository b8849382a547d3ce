namespace LlmLint.Distillation;

/// <summary>How many captures a distillation store keeps per function, and for how long.</summary>
public sealed class DistillationRetention
{
    /// <summary>Gets or sets the most captures kept per function; the oldest are dropped first (default 50,000).</summary>
    public int MaxCapturesPerFunction { get; set; } = 50_000;

    /// <summary>Gets or sets the age after which a capture is dropped; <see langword="null"/> keeps captures of any age (default 90 days).</summary>
    public TimeSpan? MaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Throws when a limit is not valid.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the age is not positive.</exception>
    public void Validate()
    {
        if (MaxCapturesPerFunction < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCapturesPerFunction), MaxCapturesPerFunction, "A distillation store must keep at least one capture per function.");
        }

        if (MaxAge is { } age && age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAge), age, "The maximum age of a capture must be positive.");
        }
    }
}
