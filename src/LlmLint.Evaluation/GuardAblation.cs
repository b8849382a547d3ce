namespace LlmLint.Evaluation;

/// <summary>One check of the default verifier turned off, and what changed.</summary>
/// <param name="Check">The check's name.</param>
/// <param name="Without">The shipped defaults with that check off.</param>
/// <param name="RightHitsCost">The right hits the check rejects (right hits without it − with it).</param>
/// <param name="WrongHitsRemoved">The wrong hits the check removes (wrong hits without it − with it).</param>
public sealed record GuardContribution(string Check, CacheEvaluationRow Without, int RightHitsCost, int WrongHitsRemoved);

/// <summary>
/// Measures what each check of the default verifier contributes on a dataset: the shipped defaults are evaluated once
/// as they are and once per check with only that check turned off (<see cref="LexicalGuardOptions.DisabledChecks"/>).
/// A check whose removal changes nothing may still matter in combination: another check catches the same pairs.
/// </summary>
public sealed class GuardAblation
{
    private GuardAblation(string dataset, CacheEvaluationRow baseline, IReadOnlyList<GuardContribution> contributions)
    {
        Dataset = dataset;
        Baseline = baseline;
        Contributions = contributions;
    }

    /// <summary>Gets the dataset name.</summary>
    public string Dataset { get; }

    /// <summary>Gets the shipped defaults with every check on.</summary>
    public CacheEvaluationRow Baseline { get; }

    /// <summary>Gets one entry per check, in the order the verifier runs them.</summary>
    public IReadOnlyList<GuardContribution> Contributions { get; }

    /// <summary>Runs the ablation on precomputed embeddings.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <returns>The ablation.</returns>
    public static GuardAblation Run(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        CacheEvaluationRow baseline = CacheEvaluation.EvaluateConfiguration(dataset, storeVectors, queryVectors, new SemanticCacheOptions());
        var contributions = new List<GuardContribution>();
        foreach (string check in new LexicalGuard().CheckNames)
        {
            var guardOptions = new LexicalGuardOptions();
            guardOptions.DisabledChecks.Add(check);
            var options = new SemanticCacheOptions { Verifier = new LexicalGuard(guardOptions) };
            CacheEvaluationRow without = CacheEvaluation.EvaluateConfiguration(dataset, storeVectors, queryVectors, options);
            contributions.Add(new GuardContribution(check, without, without.RightHits - baseline.RightHits, without.WrongHits - baseline.WrongHits));
        }

        return new GuardAblation(dataset.Name, baseline, contributions);
    }

    /// <summary>Renders the ablation as a Markdown table.</summary>
    /// <returns>The table.</returns>
    public string ToTable()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"\nGuard ablation on {Dataset} (shipped defaults: {Baseline.RightHits} right, {Baseline.WrongHits} wrong hits)\n\n");
        b.Append("| check turned off | right hits | wrong hits | right hits the check costs | wrong hits the check removes |\n");
        b.Append("|:---|---:|---:|---:|---:|\n");
        foreach (GuardContribution c in Contributions)
        {
            b.Append(CultureInfo.InvariantCulture, $"| {c.Check} | {c.Without.RightHits} | {c.Without.WrongHits} | {c.RightHitsCost} | {c.WrongHitsRemoved} |\n");
        }

        return b.ToString();
    }

    /// <summary>Serialises the ablation as one JSON line <c>{"dataset", "ablation": [{check, rightHits, wrongHits, rightHitsCost, wrongHitsRemoved}]}</c>.</summary>
    /// <returns>The line.</returns>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("dataset", Dataset);
            writer.WriteStartArray("ablation");
            foreach (GuardContribution c in Contributions)
            {
                writer.WriteStartObject();
                writer.WriteString("check", c.Check);
                writer.WriteNumber("rightHits", c.Without.RightHits);
                writer.WriteNumber("wrongHits", c.Without.WrongHits);
                writer.WriteNumber("rightHitsCost", c.RightHitsCost);
                writer.WriteNumber("wrongHitsRemoved", c.WrongHitsRemoved);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
