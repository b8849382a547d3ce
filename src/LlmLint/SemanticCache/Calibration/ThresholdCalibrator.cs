using System;
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

    /// <summary>Applies the calibrated threshold to a lookup, keeping its search reach below the threshold.</summary>
    internal SemanticHitQuery Adjust(SemanticHitQuery query)
    {
        float threshold = ThresholdFor(query.Partition);
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
