using System.Collections.Concurrent;

namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// Keeps a similarity threshold per calibration scope (tenant, function, tier) that holds the wrong-hit rate of served
/// hits under <see cref="SemanticCacheOptions.MaxWrongHitRate"/>, from verified outcomes (shadow checks, explored misses,
/// feedback). A scope without outcomes uses the shipped threshold. See docs/semantic-cache.md, "Target error rate".
/// </summary>
/// <remarks>Thread-safe. Reading a threshold is a dictionary lookup without allocation and one volatile read.</remarks>
public sealed class ThresholdCalibrator
{
    /// <summary>The most scopes calibrated at once; outcomes of further scopes are dropped and counted.</summary>
    public const int MaxScopes = 4096;

    private readonly ConcurrentDictionary<CalibrationScope, SimilarityOutcomes> _scopes = new(CalibrationScope.Comparer.Instance);
    private readonly HitRegistry _hits = new();
    private readonly float _shipped;
    private readonly double _target;
    private readonly double _z;

    internal ThresholdCalibrator(float shipped, double target, double confidence)
    {
        _shipped = shipped;
        _target = target;
        _z = WilsonBound.Quantile(confidence);
    }

    /// <summary>Gets the counters.</summary>
    public CalibrationStatistics Statistics { get; } = new();

    /// <summary>Gets the largest acceptable wrong-hit rate.</summary>
    public double MaxWrongHitRate => _target;

    /// <summary>Gets the threshold in force for a partition: calibrated from its scope's outcomes, else the shipped one.</summary>
    /// <param name="partition">The partition (its context hash is ignored: every conversation of a function shares a threshold).</param>
    /// <returns>The threshold (at most 0.995 when outcomes raised it).</returns>
    public float ThresholdFor(SemanticPartition partition)
        => partition.Tenant is not null && _scopes.TryGetValue(CalibrationScope.Of(partition), out SimilarityOutcomes? outcomes) ? outcomes.Threshold : _shipped;

    /// <summary>Gets the number of outcomes recorded for a partition's scope.</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>The count.</returns>
    public long OutcomesFor(SemanticPartition partition)
        => partition.Tenant is not null && _scopes.TryGetValue(CalibrationScope.Of(partition), out SimilarityOutcomes? outcomes) ? outcomes.Outcomes : 0;

    /// <summary>Copies the outcomes of every scope, to save them (no prompts or answers).</summary>
    /// <returns>The state.</returns>
    public CalibrationState ExportState()
    {
        var scopes = new List<CalibrationScopeState>();
        foreach (KeyValuePair<CalibrationScope, SimilarityOutcomes> pair in _scopes)
        {
            (long[] wrong, long[] total) = pair.Value.Snapshot();
            scopes.Add(new CalibrationScopeState(pair.Key.Tenant, pair.Key.FunctionName.ToString(), pair.Key.Tier, wrong, total));
        }

        return new CalibrationState(scopes);
    }

    /// <summary>Adds saved outcomes (from <see cref="ExportState"/>) to the current ones and re-derives the thresholds.</summary>
    /// <param name="state">The saved state.</param>
    /// <exception cref="ArgumentException">A scope is incomplete or its counts are not 100 non-negative buckets with wrong ≤ total.</exception>
    public void ImportState(CalibrationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(state.Scopes, nameof(state));
        foreach (CalibrationScopeState scope in state.Scopes)
        {
            Check(scope);
        }

        foreach (CalibrationScopeState scope in state.Scopes)
        {
            var partition = new SemanticPartition(scope.Tenant, scope.Function, scope.Tier);
            SemanticPartition.Validate(partition, nameof(state));
            _scopes.GetOrAdd(CalibrationScope.Of(partition).Owned(), _ => new SimilarityOutcomes(_shipped, _target, _z)).Merge(scope.Wrong, scope.Total);
        }
    }

    private static void Check(CalibrationScopeState? scope)
    {
        if (scope is null || string.IsNullOrEmpty(scope.Tenant) || string.IsNullOrEmpty(scope.Function) || string.IsNullOrEmpty(scope.Tier))
        {
            throw new ArgumentException("A calibration scope needs a tenant, a function and a tier.", "state");
        }

        if (scope.Wrong is not { Count: SimilarityOutcomes.Buckets } || scope.Total is not { Count: SimilarityOutcomes.Buckets })
        {
            throw new ArgumentException($"Calibration scope {scope.Tenant}/{scope.Function}/{scope.Tier} must have {SimilarityOutcomes.Buckets} wrong and total counts.", "state");
        }

        for (int b = 0; b < SimilarityOutcomes.Buckets; b++)
        {
            if (scope.Wrong[b] < 0 || scope.Total[b] < scope.Wrong[b])
            {
                throw new ArgumentException($"Calibration scope {scope.Tenant}/{scope.Function}/{scope.Tier}, bucket {b}: counts must satisfy 0 ≤ wrong ≤ total (were {scope.Wrong[b]} and {scope.Total[b]}).", "state");
            }
        }
    }

    /// <summary>Applies the calibrated threshold to a lookup, keeping its search reach below the threshold.</summary>
    internal SemanticHitQuery Adjust(SemanticHitQuery query)
    {
        // A scope without outcomes keeps the threshold the options give now (they may have changed since start-up).
        if (!_scopes.TryGetValue(CalibrationScope.Of(query.Partition), out SimilarityOutcomes? outcomes))
        {
            return query;
        }

        float threshold = outcomes.Threshold;
        if (threshold == query.Threshold)
        {
            return query;
        }

        float reach = query.Threshold - query.SearchFloor;
        return query with { Threshold = threshold, SearchFloor = Math.Clamp(threshold - reach, -1f, 1f) };
    }

    /// <summary>Registers a served hit for feedback and returns its id.</summary>
    internal string RegisterHit(SemanticPartition partition, float similarity) => _hits.Register(partition, similarity);

    /// <summary>Records the outcome of a registered hit, once.</summary>
    /// <returns><see langword="false"/> when the id is unknown, too old or already reported.</returns>
    internal bool Report(string? hitId, bool wrong)
    {
        if (!_hits.TrySettle(hitId, out SemanticPartition partition, out float similarity))
        {
            return false;
        }

        Statistics.CountFeedback();
        Record(partition, similarity, wrong);
        return true;
    }

    /// <summary>Records one verified outcome of a candidate at <paramref name="similarity"/> in <paramref name="partition"/>.</summary>
    internal void Record(SemanticPartition partition, float similarity, bool wrong)
    {
        CalibrationScope scope = CalibrationScope.Of(partition);
        if (!_scopes.TryGetValue(scope, out SimilarityOutcomes? outcomes))
        {
            if (_scopes.Count >= MaxScopes)
            {
                Statistics.CountDropped();
                return;
            }

            outcomes = _scopes.GetOrAdd(scope.Owned(), _ => new SimilarityOutcomes(_shipped, _target, _z));
        }

        outcomes.Record(similarity, wrong);
        Statistics.CountOutcome(wrong);
    }
}
