using System.Threading.Tasks;

namespace LlmLint.Shadow;

/// <summary>One shadow comparison: the cheap tier's answer against the baseline model's answer for the same request.</summary>
/// <param name="Function">The LLM function (call site) name.</param>
/// <param name="Tier">The tier that served the user (the cheap tier).</param>
/// <param name="Agreed">Whether the answers agree.</param>
/// <param name="CheapCostUsd">Cost of the cheap call (usage × catalog price).</param>
/// <param name="BaselineCostUsd">Cost of the shadow baseline call (usage × catalog price).</param>
/// <param name="Calls">Live calls of the function counted since the previous record (including this one), used as volume.</param>
/// <param name="Timestamp">When the comparison finished.</param>
/// <param name="CheapModel">The cheap model id, if known.</param>
/// <param name="BaselineModel">The baseline model id, if known.</param>
public sealed record ShadowRecord(
    string Function,
    string Tier,
    bool Agreed,
    double CheapCostUsd,
    double BaselineCostUsd,
    long Calls,
    DateTimeOffset Timestamp,
    string? CheapModel = null,
    string? BaselineModel = null);

/// <summary>Aggregated shadow results of one function and tier.</summary>
public sealed record ShadowSummary(string Function, string Tier, long Samples, long Agreements, double CheapCostUsd, double BaselineCostUsd, long Calls)
{
    /// <summary>Gets the observed agreement rate.</summary>
    public double AgreementRate => Samples == 0 ? 0 : (double)Agreements / Samples;

    /// <summary>Gets the mean cost difference per call (baseline − cheap) over the samples.</summary>
    public double SavingPerCall => Samples == 0 ? 0 : (BaselineCostUsd - CheapCostUsd) / Samples;
}

/// <summary>Stores shadow comparisons.</summary>
public interface IShadowResultStore
{
    /// <summary>Adds one record.</summary>
    ValueTask AddAsync(ShadowRecord record, CancellationToken cancellationToken = default);

    /// <summary>Summarises the records per function and tier, ordered by function then tier (ordinal).</summary>
    ValueTask<IReadOnlyList<ShadowSummary>> SummarizeAsync(CancellationToken cancellationToken = default);
}

/// <summary>An in-memory <see cref="IShadowResultStore"/>.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryShadowResultStore : IShadowResultStore
{
    private readonly object _gate = new();
    private readonly List<ShadowRecord> _records = new();

    /// <summary>Gets a snapshot of the records.</summary>
    public IReadOnlyList<ShadowRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return _records.ToArray();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask AddAsync(ShadowRecord record, CancellationToken cancellationToken = default)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        lock (_gate)
        {
            _records.Add(record);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ShadowSummary>> SummarizeAsync(CancellationToken cancellationToken = default) =>
        new(Summarize(Records));

    /// <summary>Summarises records per function and tier.</summary>
    public static IReadOnlyList<ShadowSummary> Summarize(IEnumerable<ShadowRecord> records)
    {
        if (records is null)
        {
            throw new ArgumentNullException(nameof(records));
        }

        var map = new SortedDictionary<(string, string), ShadowSummary>(Comparer<(string, string)>.Create(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Item1, b.Item1);
            return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
        }));
        foreach (var r in records)
        {
            var key = (r.Function, r.Tier);
            map.TryGetValue(key, out var s);
            s ??= new ShadowSummary(r.Function, r.Tier, 0, 0, 0, 0, 0);
            map[key] = s with
            {
                Samples = s.Samples + 1,
                Agreements = s.Agreements + (r.Agreed ? 1 : 0),
                CheapCostUsd = s.CheapCostUsd + r.CheapCostUsd,
                BaselineCostUsd = s.BaselineCostUsd + r.BaselineCostUsd,
                Calls = s.Calls + r.Calls,
            };
        }

        return new List<ShadowSummary>(map.Values);
    }
}
