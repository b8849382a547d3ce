namespace LlmLint.Distillation;

/// <summary>Options of <see cref="StudentTraining"/>.</summary>
public sealed class StudentTrainingOptions
{
    /// <summary>Gets or sets the agreement with the teacher the student must keep on the answers it gives (default 0.97).</summary>
    public double TargetAgreement { get; set; } = 0.97;

    /// <summary>Gets or sets the share of captures held out to choose the penalty and the threshold (default 0.2).</summary>
    public double HeldOutFraction { get; set; } = 0.2;

    /// <summary>Gets or sets the L2 penalties tried, strongest first; the one that answers most held-out captures at the target wins.</summary>
    public IReadOnlyList<double> Penalties { get; set; } = new[] { 1e-4, 3e-5, 1e-5 };

    /// <summary>Gets or sets the seed of the held-out split.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Gets or sets the fewest captures a label needs to be learned; rarer labels always escalate (default 5).</summary>
    public int MinCapturesPerLabel { get; set; } = 5;

    /// <summary>Gets or sets the L-BFGS iteration limit of one fit.</summary>
    public int MaxIterations { get; set; } = 300;

    /// <summary>
    /// Gets or sets the share of held-out captures the student would answer that the scope check may send to the teacher
    /// instead (default 0.02): the minimum similarity to a label's nearest prototype is this quantile of theirs. 0 turns the
    /// check off (confidence alone decides, and inputs of other kinds can be answered locally).
    /// </summary>
    public double ScopeQuantile { get; set; } = 0.02;

    /// <summary>Gets or sets how many prototypes per label the scope keeps (default 16).</summary>
    public int PrototypesPerLabel { get; set; } = 16;

    internal void Validate()
    {
        if (!(ScopeQuantile >= 0 && ScopeQuantile < 0.5))
        {
            throw new ArgumentOutOfRangeException(nameof(ScopeQuantile), ScopeQuantile, "The scope quantile must be at least 0 and below 0.5.");
        }

        if (PrototypesPerLabel < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(PrototypesPerLabel), PrototypesPerLabel, "At least one prototype per label is needed.");
        }

        if (!(TargetAgreement > 0 && TargetAgreement < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetAgreement), TargetAgreement, "The target agreement must lie strictly between 0 and 1.");
        }

        if (!(HeldOutFraction > 0 && HeldOutFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(HeldOutFraction), HeldOutFraction, "The held-out fraction must lie strictly between 0 and 1.");
        }

        if (Penalties is null || Penalties.Count == 0)
        {
            throw new ArgumentException("At least one L2 penalty is needed.", nameof(Penalties));
        }

        foreach (double penalty in Penalties)
        {
            if (!(penalty >= 0) || double.IsInfinity(penalty))
            {
                throw new ArgumentOutOfRangeException(nameof(Penalties), penalty, "Each L2 penalty must be zero or a finite positive number.");
            }
        }
    }

    /// <summary>A copy of these options with another target (every other setting kept, including ones added later).</summary>
    /// <param name="targetAgreement">The target.</param>
    /// <returns>The copy.</returns>
    internal StudentTrainingOptions WithTarget(double targetAgreement)
    {
        var copy = (StudentTrainingOptions)MemberwiseClone();
        copy.TargetAgreement = targetAgreement;
        return copy;
    }
}
