namespace LlmLint.Distillation;

/// <summary>Options of a <see cref="Distiller"/>: where captures and models go, how the student is trusted and watched.</summary>
public sealed class DistillationOptions
{
    /// <summary>Gets or sets the capture store; a new <see cref="InMemoryDistillationStore"/> when <see langword="null"/>.</summary>
    public IDistillationStore? Store { get; set; }

    /// <summary>Gets or sets the embedding generator the student reads; <see cref="Embeddings.LocalEmbeddingGenerator.Default"/> when <see langword="null"/>.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? EmbeddingGenerator { get; set; }

    /// <summary>Gets or sets the folder of student model files (<see cref="StudentModelFile"/>); <see langword="null"/> keeps models in memory only.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// Gets or sets the redaction hook: it receives each capture before it is stored and returns the capture to store (for
    /// example with personal data masked) or <see langword="null"/> to store nothing. A hook that throws stores nothing.
    /// </summary>
    public Func<DistillationCapture, DistillationCapture?>? Redact { get; set; }

    /// <summary>Gets or sets the longest a store call may take before it is bypassed (default 500 ms).</summary>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the most captures waiting to be stored; more are dropped and counted (default 1,024).</summary>
    public int MaxPendingCaptures { get; set; } = 1024;

    /// <summary>Gets or sets the default agreement with the teacher a student must keep (default 0.97).</summary>
    public double TargetAgreement { get; set; } = 0.97;

    /// <summary>Gets or sets the default share of local answers checked against the teacher in the background (default 0.05).</summary>
    public double ShadowRate { get; set; } = 0.05;

    /// <summary>Gets or sets the most shadow checks running at once; a sampled answer beyond it is not checked (counted). Default 2.</summary>
    public int MaxConcurrentShadowChecks { get; set; } = 2;

    /// <summary>Gets or sets the longest a shadow check's teacher call may take (default 30 s).</summary>
    public TimeSpan ShadowTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many recent shadow checks the rolling agreement covers (default 500).</summary>
    public int ShadowWindow { get; set; } = 500;

    /// <summary>Gets or sets how many shadow checks a student gets before their agreement can switch it off (default 10).</summary>
    public int MinShadowChecks { get; set; } = 10;

    /// <summary>Gets or sets the training options (<see cref="StudentTrainingOptions.TargetAgreement"/> is replaced by the target of each training).</summary>
    public StudentTrainingOptions Training { get; set; } = new();

    /// <summary>Gets or sets the observer of students that stop answering (switched off by shadow checks, retired by a template change): the request to train again.</summary>
    public Action<StudentRetrainRequest>? OnRetrainRequested { get; set; }

    /// <summary>Gets or sets the observer of every local answer.</summary>
    public Action<LocalAnswer>? OnLocalAnswer { get; set; }

    /// <summary>Gets or sets the clock of captures and models.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        Require(TargetAgreement > 0 && TargetAgreement < 1, nameof(TargetAgreement), TargetAgreement, "must lie strictly between 0 and 1");
        Require(ShadowRate >= 0 && ShadowRate <= 1, nameof(ShadowRate), ShadowRate, "must lie between 0 and 1");
        Require(StoreTimeout > TimeSpan.Zero || StoreTimeout == System.Threading.Timeout.InfiniteTimeSpan, nameof(StoreTimeout), StoreTimeout, "must be positive");
        Require(ShadowTimeout > TimeSpan.Zero, nameof(ShadowTimeout), ShadowTimeout, "must be positive");
        Require(MaxPendingCaptures >= 1, nameof(MaxPendingCaptures), MaxPendingCaptures, "must be at least 1");
        Require(MaxConcurrentShadowChecks >= 1, nameof(MaxConcurrentShadowChecks), MaxConcurrentShadowChecks, "must be at least 1");
        Require(ShadowWindow >= 1, nameof(ShadowWindow), ShadowWindow, "must be at least 1");
        Require(MinShadowChecks >= 1, nameof(MinShadowChecks), MinShadowChecks, "must be at least 1");
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    private static void Require(bool valid, string name, object value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"DistillationOptions.{name} {rule}.");
        }
    }
}
