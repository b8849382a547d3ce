namespace LlmLint.Evaluation;

/// <summary>RouteLLM's metrics for one router on one test split.</summary>
/// <param name="Apgr">Average performance gap recovered: the area under PGR(share of strong calls) on [0, 1].</param>
/// <param name="Cpt50">Share of calls sent to the strong model to recover 50% of the weak→strong gap (null if never).</param>
/// <param name="Cpt80">Share of calls sent to the strong model to recover 80% of the gap (null if never).</param>
/// <param name="SavingAt95">Cost saving relative to always-strong at the cheapest point reaching 95% of the strong model's quality (null if never).</param>
/// <param name="StrongShareAt95">The share of strong calls at that point.</param>
public sealed record RouteMetrics(double Apgr, double? Cpt50, double? Cpt80, double? SavingAt95, double? StrongShareAt95);

/// <summary>A router's result when its threshold is calibrated on out-of-fold training scores and applied to the test split.</summary>
public sealed record CalibratedResult(double Threshold, double StrongShare, double Quality, double QualityVsStrong, double Saving);

/// <summary>One router's evaluation.</summary>
/// <param name="Name">The router.</param>
/// <param name="Description">What it does.</param>
/// <param name="Metrics">RouteLLM's metrics on the test split.</param>
/// <param name="Calibrated">The threshold calibrated on out-of-fold training scores, applied to the test split.</param>
/// <param name="Seconds">Training and scoring time.</param>
/// <param name="CrossValidatedSaving">The saving at the target on the out-of-fold training scores (training data only: the figure to choose a router by).</param>
public sealed record RouterResult(string Name, string Description, RouteMetrics Metrics, CalibratedResult? Calibrated, double Seconds = 0, double? CrossValidatedSaving = null);

/// <summary>A full route evaluation.</summary>
public sealed record RouteEvaluationReport(
    string Dataset,
    string Embedder,
    int Seed,
    int Train,
    int CalibrationFolds,
    int Test,
    int Excluded,
    double WeakQuality,
    double StrongQuality,
    double WeakCost,
    double StrongCost,
    double Target,
    IReadOnlyList<RouterResult> Routers,
    double ElapsedSeconds);

/// <summary>Options of <see cref="RouteEvaluation.RunAsync"/>.</summary>
public sealed record RouteEvaluationOptions
{
    /// <summary>Gets the seed of the train/test split (and of training).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the share of samples in the test split.</summary>
    public double TestFraction { get; init; } = 0.5;

    /// <summary>
    /// Gets the number of cross-fitting folds on the training split: each router is trained on all folds but one and
    /// scores the held-out fold, and these out-of-fold scores pick the calibrated threshold.
    /// </summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>Gets the quality target as a share of the strong model's quality.</summary>
    public double Target { get; init; } = 0.95;

    /// <summary>Gets the assumed output tokens per call, used when costs are estimated from the catalog.</summary>
    public int OutputTokens { get; init; } = 256;

    /// <summary>Gets the neighbours of the kNN router.</summary>
    public int K { get; init; } = 64;

    /// <summary>Gets the weight of the group one-hot block in the "+group" routers.</summary>
    public float GroupWeight { get; init; } = 1.0f;
}
