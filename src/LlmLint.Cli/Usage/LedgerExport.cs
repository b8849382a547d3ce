using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;

namespace LlmLint.Cli.Usage;

/// <summary>
/// Reads the records of a SQLite cost ledger (the runtime's <c>SqliteCostLedger</c>, table <c>llmlint_cost</c>) and
/// aggregates them per function id and model into a <see cref="UsageFile"/>.
/// </summary>
internal static class LedgerExport
{
    private const string Query = """
        SELECT function_id, model, cache_hit, COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_input_tokens),
               SUM(cost_nano_usd), SUM(CASE WHEN cost_nano_usd IS NULL THEN 1 ELSE 0 END), MIN(ts), MAX(ts)
        FROM llmlint_cost WHERE ts >= $since GROUP BY function_id, model, cache_hit
        """;

    /// <summary>Aggregates the records of <paramref name="database"/> (a private copy: it is opened read-only).</summary>
    /// <param name="database">The ledger file.</param>
    /// <param name="since">Only records at or after this instant, or all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<UsageFile> ReadAsync(string database, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var c = new SqliteConnection(connection);
        await c.OpenAsync(cancellationToken);
        await using (var check = c.CreateCommand())
        {
            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'llmlint_cost'";
            if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw new CliException(ExitCodes.BadInput, "it has no llmlint_cost table (not a cost ledger written by SqliteCostLedger)");
            }
        }

        var functions = new SortedDictionary<string, Accumulator>(StringComparer.Ordinal);
        long minTicks = long.MaxValue, maxTicks = long.MinValue;
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = Query;
            cmd.Parameters.AddWithValue("$since", since?.UtcTicks ?? long.MinValue);
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                string function = r.GetString(0);
                if (!functions.TryGetValue(function, out var acc))
                {
                    functions[function] = acc = new Accumulator();
                }

                long count = r.GetInt64(3);
                acc.Records += count;
                minTicks = Math.Min(minTicks, r.GetInt64(9));
                maxTicks = Math.Max(maxTicks, r.GetInt64(10));
                if (r.GetInt64(2) != 0)
                {
                    acc.CacheHits += count;
                    continue;
                }

                string model = r.IsDBNull(1) ? "" : r.GetString(1);
                if (!acc.Models.TryGetValue(model, out var m))
                {
                    acc.Models[model] = m = new ModelAccumulator();
                }

                m.Calls += count;
                m.Input += r.GetInt64(4);
                m.Output += r.GetInt64(5);
                m.Cached += r.GetInt64(6);
                m.CostNano += r.IsDBNull(7) ? 0 : r.GetInt64(7);
                m.UnpricedCalls += r.GetInt64(8);
            }
        }

        var usage = new UsageFile { Ledger = database, GeneratedAt = DateTimeOffset.UtcNow };
        if (functions.Count == 0)
        {
            usage.Days = 1;
            return usage;
        }

        usage.From = new DateTimeOffset(minTicks, TimeSpan.Zero);
        usage.To = new DateTimeOffset(maxTicks, TimeSpan.Zero);
        usage.Days = ObservedDays(usage.From.Value, usage.To.Value);
        foreach (var (id, acc) in functions)
        {
            var function = new FunctionUsage
            {
                Id = id,
                Calls = acc.Records,
                CallsPerDay = Math.Round(acc.Records / usage.Days, 3),
                CacheHits = acc.CacheHits,
            };

            foreach (var (model, m) in acc.Models.OrderByDescending(p => p.Value.Calls).ThenBy(p => p.Key, StringComparer.Ordinal))
            {
                function.Models.Add(new ModelUsage
                {
                    Model = model,
                    Calls = m.Calls,
                    Share = Math.Round((double)m.Calls / acc.Records, 6),
                    MeanInputTokens = Math.Round((double)m.Input / m.Calls, 2),
                    MeanOutputTokens = Math.Round((double)m.Output / m.Calls, 2),
                    MeanCachedInputTokens = Math.Round((double)m.Cached / m.Calls, 2),
                    RecordedMeanCostUsd = m.UnpricedCalls == m.Calls ? null : decimal.Round(m.CostNano / 1_000_000_000m / (m.Calls - m.UnpricedCalls), 9),
                });
            }

            usage.Functions.Add(function);
        }

        return usage;
    }

    /// <summary>The whole days the records span, at least one: a ledger of an afternoon counts as one day of traffic.</summary>
    public static double ObservedDays(DateTimeOffset from, DateTimeOffset to)
        => Math.Max(1, Math.Ceiling((to - from).TotalDays));

    private sealed class Accumulator
    {
        public long Records;
        public long CacheHits;
        public readonly Dictionary<string, ModelAccumulator> Models = new(StringComparer.Ordinal);
    }

    private sealed class ModelAccumulator
    {
        public long Calls;
        public long Input;
        public long Output;
        public long Cached;
        public long CostNano;
        public long UnpricedCalls;
    }
}
