namespace LlmLint.Evaluation;


/// <summary>The result of <see cref="CacheEvaluation.RunAsync"/>.</summary>
public sealed class CacheEvaluationResult
{
    internal CacheEvaluationResult(string dataset, int stored, int queries, IReadOnlyList<CacheEvaluationRow> rows, double maxWrongHitRate, TimeSpan embedTime, TimeSpan evaluateTime)
    {
        Dataset = dataset;
        Stored = stored;
        Queries = queries;
        Rows = rows;
        MaxWrongHitRate = maxWrongHitRate;
        EmbedTime = embedTime;
        EvaluateTime = evaluateTime;
        RecommendedGuarded = Recommend(rows, guard: true, maxWrongHitRate);
        RecommendedUnguarded = Recommend(rows, guard: false, maxWrongHitRate);
    }

    /// <summary>Gets the dataset name.</summary>
    public string Dataset { get; }

    /// <summary>Gets the number of stored texts.</summary>
    public int Stored { get; }

    /// <summary>Gets the number of queries.</summary>
    public int Queries { get; }

    /// <summary>Gets one row per threshold and guard setting.</summary>
    public IReadOnlyList<CacheEvaluationRow> Rows { get; }

    /// <summary>Gets the wrong-hit budget used for the recommendation.</summary>
    public double MaxWrongHitRate { get; }

    /// <summary>Gets the threshold with the highest hit rate whose wrong-hit rate is within budget, guard on (null when none is).</summary>
    public CacheEvaluationRow? RecommendedGuarded { get; }

    /// <summary>Gets the same for cosine only.</summary>
    public CacheEvaluationRow? RecommendedUnguarded { get; }

    /// <summary>Gets the result of the shipped default configuration (<see cref="SemanticCacheOptions"/> as constructed: threshold, verifier, consensus).</summary>
    public CacheEvaluationRow? Default { get; init; }

    /// <summary>Gets the number of queries whose answer is stored (in a pairs file: the paraphrases).</summary>
    public int Answerable { get; init; }

    /// <summary>Gets a value indicating whether the dataset is a pairs file (each query against its own stored text).</summary>
    public bool IsPaired { get; init; }

    /// <summary>Gets the time spent embedding.</summary>
    public TimeSpan EmbedTime { get; }

    /// <summary>Gets the time spent searching and verifying.</summary>
    public TimeSpan EvaluateTime { get; }

    /// <summary>Renders the rows as a Markdown table.</summary>
    /// <returns>The table.</returns>
    public string ToTable()
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"Dataset {Dataset}: {Stored} stored, {Queries} queries; wrong-hit budget {MaxWrongHitRate:P1} of queries\n\n");
        b.Append("| threshold | guard | hits | right | wrong | misses | hit rate | wrong-hit rate | wrong/hits |\n");
        b.Append("|---:|:---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (CacheEvaluationRow r in Rows)
        {
            b.Append(CultureInfo.InvariantCulture, $"| {r.Threshold:0.00} | {(r.Guard ? "on" : "off")} | {r.Hits} | {r.RightHits} | {r.WrongHits} | {r.Misses} | {r.HitRate:P1} | {r.WrongHitRate:P2} | {r.WrongShareOfHits:P2} |\n");
        }

        b.Append('\n');
        AppendRecommendation(b, "guard on", RecommendedGuarded);
        AppendRecommendation(b, "guard off", RecommendedUnguarded);
        if (Default is { } d)
        {
            b.Append(CultureInfo.InvariantCulture, $"Shipped defaults (threshold {d.Threshold:0.00}): {d.HitRate:P1} hits, {d.WrongHitRate:P2} wrong hits ({d.RightHits} right, {d.WrongHits} wrong)\n");
            if (IsPaired)
            {
                b.Append(CultureInfo.InvariantCulture, $"Shipped defaults on pairs: {d.UnanswerableHits} of {Queries - Answerable} different-meaning queries served ({Rate(d.UnanswerableHits, Queries - Answerable):P1}), {d.RightHits} of {Answerable} paraphrases served ({Rate(d.RightHits, Answerable):P1})\n");
            }
        }

        return b.ToString();
    }

    /// <summary>Serialises the result (rows and recommendations) as indented JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("dataset", Dataset);
            writer.WriteNumber("stored", Stored);
            writer.WriteNumber("queries", Queries);
            writer.WriteNumber("maxWrongHitRate", MaxWrongHitRate);
            WriteRow(writer, "recommendedGuarded", RecommendedGuarded);
            WriteRow(writer, "recommendedUnguarded", RecommendedUnguarded);
            WriteCounts(writer, "default", Default, withThreshold: true);
            writer.WriteStartArray("rows");
            foreach (CacheEvaluationRow row in Rows)
            {
                WriteRow(writer, null, row);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Serialises the rows as JSON Lines: one object per threshold with <c>threshold</c>, <c>queries</c>, and
    /// <c>guardsOn</c> / <c>guardsOff</c> objects (<c>hits</c>, <c>rightHits</c>, <c>wrongHits</c>, <c>misses</c>,
    /// <c>hitRate</c>, <c>wrongHitRate</c>, <c>precision</c>; <c>guardsOn</c> is null when the guards were not evaluated),
    /// then one last line <c>{"dataset", "stored", "queries", "recommended": {"guardsOn", "guardsOff"}}</c> with the chosen thresholds.
    /// </summary>
    /// <returns>The text, one JSON object per line.</returns>
    public string ToJsonLines()
    {
        var b = new StringBuilder();
        var byThreshold = new SortedDictionary<float, (CacheEvaluationRow? On, CacheEvaluationRow? Off)>();
        foreach (CacheEvaluationRow row in Rows)
        {
            byThreshold.TryGetValue(row.Threshold, out var pair);
            byThreshold[row.Threshold] = row.Guard ? (row, pair.Off) : (pair.On, row);
        }

        foreach (KeyValuePair<float, (CacheEvaluationRow? On, CacheEvaluationRow? Off)> pair in byThreshold)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteNumber("threshold", Math.Round(pair.Key, 4));
                writer.WriteNumber("queries", Queries);
                WriteCounts(writer, "guardsOn", pair.Value.On);
                WriteCounts(writer, "guardsOff", pair.Value.Off);
                writer.WriteEndObject();
            }

            b.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }

        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("dataset", Dataset);
                writer.WriteNumber("stored", Stored);
                writer.WriteNumber("queries", Queries);
                writer.WriteNumber("maxWrongHitRate", MaxWrongHitRate);
                writer.WriteStartObject("recommended");
                WriteCounts(writer, "guardsOn", RecommendedGuarded, withThreshold: true);
                WriteCounts(writer, "guardsOff", RecommendedUnguarded, withThreshold: true);
                writer.WriteEndObject();
                WriteCounts(writer, "default", Default, withThreshold: true);
                writer.WriteEndObject();
            }

            b.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }

        return b.ToString();
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private void WriteCounts(Utf8JsonWriter writer, string name, CacheEvaluationRow? row, bool withThreshold = false)
    {
        writer.WritePropertyName(name);
        if (row is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        if (withThreshold)
        {
            writer.WriteNumber("threshold", Math.Round(row.Threshold, 4));
        }

        WriteHitCounts(writer, row);
        writer.WriteNumber("precision", Math.Round(row.Hits == 0 ? 1 : (double)row.RightHits / row.Hits, 4));
        if (IsPaired)
        {
            writer.WriteNumber("differentMeaning", Queries - Answerable);
            writer.WriteNumber("differentMeaningServed", row.UnanswerableHits);
            writer.WriteNumber("differentMeaningServedRate", Math.Round(Rate(row.UnanswerableHits, Queries - Answerable), 4));
            writer.WriteNumber("paraphrases", Answerable);
            writer.WriteNumber("paraphrasesServed", row.RightHits);
            writer.WriteNumber("paraphrasesServedRate", Math.Round(Rate(row.RightHits, Answerable), 4));
        }

        writer.WriteEndObject();
    }

    /// <summary>The hit and miss counts of a row and their rates.</summary>
    private static void WriteHitCounts(Utf8JsonWriter writer, CacheEvaluationRow row)
    {
        writer.WriteNumber("hits", row.Hits);
        writer.WriteNumber("rightHits", row.RightHits);
        writer.WriteNumber("wrongHits", row.WrongHits);
        writer.WriteNumber("misses", row.Misses);
        writer.WriteNumber("hitRate", Math.Round(row.HitRate, 4));
        writer.WriteNumber("wrongHitRate", Math.Round(row.WrongHitRate, 4));
    }

    private static void WriteRow(Utf8JsonWriter writer, string? name, CacheEvaluationRow? row)
    {
        if (name is not null)
        {
            writer.WritePropertyName(name);
        }

        if (row is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("threshold", Math.Round(row.Threshold, 4));
        writer.WriteBoolean("guard", row.Guard);
        writer.WriteNumber("queries", row.Queries);
        WriteHitCounts(writer, row);
        writer.WriteNumber("wrongShareOfHits", Math.Round(row.WrongShareOfHits, 4));
        writer.WriteEndObject();
    }

    private static void AppendRecommendation(StringBuilder b, string label, CacheEvaluationRow? row)
    {
        if (row is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"Recommended threshold ({label}): none within budget\n");
        }
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"Recommended threshold ({label}): {row.Threshold:0.00} — {row.HitRate:P1} hits, {row.WrongHitRate:P2} wrong hits ({row.RightHits} right, {row.WrongHits} wrong)\n");
        }
    }

    private static CacheEvaluationRow? Recommend(IReadOnlyList<CacheEvaluationRow> rows, bool guard, double maxWrong)
    {
        CacheEvaluationRow? best = null;
        foreach (CacheEvaluationRow row in rows)
        {
            if (row.Guard == guard && row.Hits > 0 && row.WrongHitRate <= maxWrong && (best is null || row.Hits > best.Hits))
            {
                best = row;
            }
        }

        return best;
    }
}
