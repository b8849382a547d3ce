using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using LlmLint.Vectors;

namespace LlmLint.Evaluation;

/// <summary>One labelled text of an evaluation dataset.</summary>
/// <param name="Text">The text.</param>
/// <param name="Label">Its label: texts with the same label ask the same thing.</param>
public readonly record struct LabelledText(string Text, string Label);

/// <summary>
/// A semantic-cache evaluation dataset: texts to store and texts to query. A query whose label occurs in the store is a
/// right hit when it hits an entry with that label and a wrong hit otherwise; a query whose label does not occur must miss.
/// </summary>
public sealed class CacheDataset
{
    /// <summary>Initializes a new instance of the <see cref="CacheDataset"/> class.</summary>
    /// <param name="name">The dataset name.</param>
    /// <param name="store">The texts stored in the cache.</param>
    /// <param name="queries">The texts looked up.</param>
    public CacheDataset(string name, IReadOnlyList<LabelledText> store, IReadOnlyList<LabelledText> queries)
        : this(name, store, queries, paired: false)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CacheDataset"/> class.</summary>
    /// <param name="name">The dataset name.</param>
    /// <param name="store">The texts stored in the cache.</param>
    /// <param name="queries">The texts looked up.</param>
    /// <param name="paired">Whether query <c>i</c> is looked up in a cache holding stored text <c>i</c> only (a pairs file).</param>
    public CacheDataset(string name, IReadOnlyList<LabelledText> store, IReadOnlyList<LabelledText> queries, bool paired)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Queries = queries ?? throw new ArgumentNullException(nameof(queries));
        if (store.Count == 0)
        {
            throw new ArgumentException("The dataset stores no texts.", nameof(store));
        }

        if (queries.Count == 0)
        {
            throw new ArgumentException("The dataset has no queries.", nameof(queries));
        }

        if (paired && store.Count != queries.Count)
        {
            throw new ArgumentException($"A paired dataset needs one stored text per query ({store.Count} stored, {queries.Count} queries).", nameof(queries));
        }

        IsPaired = paired;
    }

    /// <summary>Gets a value indicating whether each query is looked up against its own stored text only (a pairs file).</summary>
    public bool IsPaired { get; }

    /// <summary>Gets the dataset name.</summary>
    public string Name { get; }

    /// <summary>Gets the stored texts.</summary>
    public IReadOnlyList<LabelledText> Store { get; }

    /// <summary>Gets the queries.</summary>
    public IReadOnlyList<LabelledText> Queries { get; }

    /// <summary>
    /// Loads a dataset by shape: a <c>.csv</c> pairs file (<c>stored,query,same_meaning</c>, see <see cref="LoadPairs"/>); a <c>.json</c> file in GPTCache <c>mock_data.json</c> form (store every <c>origin</c>, query
    /// every <c>similar</c>); a directory with <c>train.csv</c> and <c>test.csv</c> (<c>text,category</c>, banking77); or a
    /// directory with <c>store.csv</c> and <c>query.csv</c> (<c>text,label</c>).
    /// </summary>
    /// <param name="path">The file or directory.</param>
    /// <returns>The dataset.</returns>
    public static CacheDataset Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? LoadPairs(path) : LoadGptCacheMock(path);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"No dataset file or directory at '{path}'.", path);
        }

        if (File.Exists(Path.Combine(path, "store.csv")) && File.Exists(Path.Combine(path, "query.csv")))
        {
            return new CacheDataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), ReadCsv(Path.Combine(path, "store.csv")), ReadCsv(Path.Combine(path, "query.csv")));
        }

        if (File.Exists(Path.Combine(path, "train.csv")) && File.Exists(Path.Combine(path, "test.csv")))
        {
            return new CacheDataset(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), ReadCsv(Path.Combine(path, "train.csv")), ReadCsv(Path.Combine(path, "test.csv")));
        }

        if (File.Exists(Path.Combine(path, "mock_data.json")))
        {
            return LoadGptCacheMock(Path.Combine(path, "mock_data.json"));
        }

        throw new ArgumentException($"'{path}' holds neither store.csv + query.csv, train.csv + test.csv, nor mock_data.json.", nameof(path));
    }

    /// <summary>Loads GPTCache <c>mock_data.json</c>: an array of <c>{ "origin", "similar" }</c> objects.</summary>
    /// <param name="file">The JSON file.</param>
    /// <returns>The dataset; each origin is its own label.</returns>
    public static CacheDataset LoadGptCacheMock(string file)
    {
        using FileStream stream = File.OpenRead(file);
        using JsonDocument document = JsonDocument.Parse(stream);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"'{file}' is not a JSON array of {{origin, similar}} objects.");
        }

        var store = new List<LabelledText>();
        var queries = new List<LabelledText>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonElement item in document.RootElement.EnumerateArray())
        {
            if (!item.TryGetProperty("origin", out JsonElement o) || !item.TryGetProperty("similar", out JsonElement s) || o.GetString() is not { } origin || s.GetString() is not { } similar)
            {
                throw new InvalidDataException($"'{file}': every element needs string 'origin' and 'similar' properties.");
            }

            if (!labels.TryGetValue(origin, out string? label))
            {
                label = labels.Count.ToString(CultureInfo.InvariantCulture);
                labels[origin] = label;
                store.Add(new LabelledText(origin, label));
            }

            queries.Add(new LabelledText(similar, label));
        }

        return new CacheDataset(Path.GetFileNameWithoutExtension(file), store, queries);
    }

    /// <summary>
    /// Loads a pairs file: a CSV with the header <c>stored,query,same_meaning</c> (<c>same_meaning</c> is 1/0 or
    /// true/false). Each query is looked up in a cache that holds its own stored text only: with <c>same_meaning</c> = 1
    /// a hit is right (a paraphrase served), with 0 any hit is wrong (a different-meaning query served).
    /// </summary>
    /// <param name="file">The CSV file.</param>
    /// <returns>The paired dataset.</returns>
    /// <exception cref="InvalidDataException">The header is not <c>stored,query,same_meaning</c>, a row has another number of fields, or a flag is not 0/1/true/false.</exception>
    public static CacheDataset LoadPairs(string file)
    {
        var store = new List<LabelledText>();
        var queries = new List<LabelledText>();
        foreach ((int line, string[] fields) in ReadCsvRecords(file, checkNames: true, "stored", "query", "same_meaning"))
        {
            bool same = fields[2].Trim() switch
            {
                "1" or "true" or "True" or "TRUE" => true,
                "0" or "false" or "False" or "FALSE" => false,
                _ => throw new InvalidDataException($"'{file}' line {line}: same_meaning must be 1, 0, true or false (was '{fields[2]}')."),
            };
            string label = store.Count.ToString(CultureInfo.InvariantCulture);
            store.Add(new LabelledText(fields[0], label));
            queries.Add(new LabelledText(fields[1], same ? label : "different:" + label));
        }

        if (store.Count == 0)
        {
            throw new InvalidDataException($"'{file}' has a header but no pairs.");
        }

        return new CacheDataset(Path.GetFileNameWithoutExtension(file), store, queries, paired: true);
    }

    /// <summary>Reads a two-column CSV with a header (<c>text,label</c>); fields may be quoted with doubled quotes inside.</summary>
    /// <param name="file">The CSV file.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<LabelledText> ReadCsv(string file)
    {
        var rows = new List<LabelledText>();
        foreach ((_, string[] fields) in ReadCsvRecords(file, checkNames: false, "text", "label"))
        {
            rows.Add(new LabelledText(fields[0], fields[1]));
        }

        return rows;
    }

    /// <summary>
    /// Reads an RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks) whose header must name
    /// <paramref name="columns"/> in order (or, without <paramref name="checkNames"/>, have as many columns); yields the data
    /// records with their starting line numbers.
    /// </summary>
    private static IEnumerable<(int Line, string[] Fields)> ReadCsvRecords(string file, bool checkNames, params string[] columns)
    {
        List<(int Line, string[] Fields)> records;
        using (var reader = new StreamReader(file, Encoding.UTF8))
        {
            records = Csv.ReadWithLines(reader, "'" + file + "'");
        }

        bool header = true;
        foreach ((int line, string[] fields) in records)
        {
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue; // a blank line
            }

            if (header)
            {
                CheckHeader(file, fields, columns, checkNames);
                header = false;
            }
            else if (fields.Length != columns.Length)
            {
                throw new InvalidDataException($"'{file}' line {line}: expected {columns.Length} fields ({string.Join(',', columns)}), found {fields.Length}.");
            }
            else
            {
                yield return (line, fields);
            }
        }

        if (header)
        {
            throw new InvalidDataException($"'{file}' is empty: expected the header {string.Join(',', columns)}.");
        }
    }

    private static void CheckHeader(string file, string[] found, string[] expected, bool checkNames)
    {
        bool same = found.Length == expected.Length;
        for (int i = 0; same && checkNames && i < expected.Length; i++)
        {
            same = string.Equals(found[i].Trim().TrimStart('\uFEFF'), expected[i], StringComparison.OrdinalIgnoreCase);
        }

        if (!same)
        {
            throw new InvalidDataException(checkNames
                ? $"'{file}': the header must be {string.Join(',', expected)}, found {string.Join(',', found)}."
                : $"'{file}': expected {expected.Length} columns ({string.Join(',', expected)}), found {found.Length} ({string.Join(',', found)}).");
        }
    }
}

/// <summary>Options of <see cref="CacheEvaluation"/>.</summary>
public sealed class CacheEvaluationOptions
{
    /// <summary>Gets or sets the thresholds to evaluate. Default 0.70 to 0.99 in steps of 0.01.</summary>
    public IReadOnlyList<float> Thresholds { get; set; } = DefaultThresholds();

    /// <summary>Gets or sets the verifier evaluated as "guard on"; <see langword="null"/> evaluates cosine only. Default <see cref="LexicalGuard"/>.</summary>
    public IHitVerifier? Verifier { get; set; } = new LexicalGuard();

    /// <summary>Gets or sets how many nearest neighbours the guards look at, as the middleware does. Default 10.</summary>
    public int Candidates { get; set; } = 10;

    /// <summary>
    /// Gets or sets a value indicating whether the answer-consensus guard is on (guard-on rows): the query misses when a
    /// neighbour whose cached answer differs from the nearest one's lies within the margin of the best similarity —
    /// <see cref="ConsensusMargin"/> when answers repeat among the neighbours within reach, else
    /// <see cref="DistinctAnswersMargin"/>, as in the middleware. In the evaluation a stored entry's label stands for its
    /// cached answer. Default <see langword="true"/>.
    /// </summary>
    public bool AnswerConsensus { get; set; } = true;

    /// <summary>Gets or sets the consensus margin where answers repeat among the neighbours. Default 0.06.</summary>
    public float ConsensusMargin { get; set; } = SemanticConsensus.DefaultMargin;

    /// <summary>Gets or sets the consensus margin where every neighbour has its own answer. Default <see cref="SemanticConsensus.DefaultDistinctMargin"/> (0.01).</summary>
    public float DistinctAnswersMargin { get; set; } = SemanticConsensus.DefaultDistinctMargin;

    /// <summary>
    /// Gets or sets a value indicating whether each stored entry gets its own floor (guard-on rows): the similarity of its
    /// nearest stored neighbour with another answer, computed on the store side only. Default <see langword="false"/>.
    /// </summary>
    public bool EntryFloors { get; set; }

    /// <summary>Gets or sets the largest acceptable wrong-hit rate (wrong hits per query) when recommending a threshold. Default 0.01.</summary>
    public double MaxWrongHitRate { get; set; } = 0.01;

    /// <summary>Gets or sets the embedding batch size. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    private static float[] DefaultThresholds()
    {
        var thresholds = new float[30];
        for (int i = 0; i < thresholds.Length; i++)
        {
            thresholds[i] = MathF.Round(0.70f + (0.01f * i), 2);
        }

        return thresholds;
    }
}

/// <summary>The outcome at one threshold, with the guard on or off.</summary>
public sealed record CacheEvaluationRow(float Threshold, bool Guard, int Queries, int Hits, int RightHits, int WrongHits, int Misses)
{
    /// <summary>Gets the share of queries that hit.</summary>
    public double HitRate => Queries == 0 ? 0 : (double)Hits / Queries;

    /// <summary>Gets the wrong-hit rate: the share of queries answered with another question's answer.</summary>
    public double WrongHitRate => Queries == 0 ? 0 : (double)WrongHits / Queries;

    /// <summary>Gets the share of hits that were wrong.</summary>
    public double WrongShareOfHits => Hits == 0 ? 0 : (double)WrongHits / Hits;

    /// <summary>Gets the number of wrong hits on queries whose answer is not stored at all (in a pairs file: different-meaning queries served).</summary>
    public int UnanswerableHits { get; init; }
}

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

        writer.WriteNumber("hits", row.Hits);
        writer.WriteNumber("rightHits", row.RightHits);
        writer.WriteNumber("wrongHits", row.WrongHits);
        writer.WriteNumber("misses", row.Misses);
        writer.WriteNumber("hitRate", Math.Round(row.HitRate, 4));
        writer.WriteNumber("wrongHitRate", Math.Round(row.WrongHitRate, 4));
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
        writer.WriteNumber("hits", row.Hits);
        writer.WriteNumber("rightHits", row.RightHits);
        writer.WriteNumber("wrongHits", row.WrongHits);
        writer.WriteNumber("misses", row.Misses);
        writer.WriteNumber("hitRate", Math.Round(row.HitRate, 4));
        writer.WriteNumber("wrongHitRate", Math.Round(row.WrongHitRate, 4));
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

/// <summary>
/// Measures a semantic cache on a labelled dataset: every text is embedded once, the nearest stored neighbours of each
/// query are found exactly, the verifier's verdict on each is computed once, and every threshold is then scored from
/// those neighbours, with the guard on and off.
/// </summary>
public static class CacheEvaluation
{
    /// <summary>Embeds the dataset with <paramref name="embed"/> and evaluates every threshold.</summary>
    /// <param name="embed">Embeds a batch of texts (one vector per text, same order).</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result.</returns>
    public static async Task<CacheEvaluationResult> RunAsync(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<float[]>>> embed, CacheDataset dataset, CacheEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embed);
        ArgumentNullException.ThrowIfNull(dataset);
        options ??= new CacheEvaluationOptions();
        var clock = Stopwatch.StartNew();
        // As the middleware does: a text longer than the embedding window is embedded by its final sentences, and the
        // rest must match exactly (the paired evaluation checks that part below).
        float[][] storeVectors = await EmbedAllAsync(embed, TextsToEmbed(dataset.Store), options.BatchSize, cancellationToken);
        float[][] queryVectors = await EmbedAllAsync(embed, TextsToEmbed(dataset.Queries), options.BatchSize, cancellationToken);
        TimeSpan embedTime = clock.Elapsed;
        return Evaluate(dataset, storeVectors, queryVectors, options, embedTime);
    }

    /// <summary>Evaluates precomputed embeddings (pure computation).</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <param name="options">The options.</param>
    /// <param name="embedTime">The embedding time to report.</param>
    /// <returns>The result.</returns>
    public static CacheEvaluationResult Evaluate(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, CacheEvaluationOptions? options = null, TimeSpan embedTime = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(storeVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        options ??= new CacheEvaluationOptions();
        if (options.Candidates < 1)
        {
            throw new ArgumentException("CacheEvaluationOptions.Candidates must be positive.", nameof(options));
        }

        var clock = Stopwatch.StartNew();
        float minThreshold = float.PositiveInfinity;
        foreach (float t in options.Thresholds)
        {
            minThreshold = Math.Min(minThreshold, t);
        }

        var context = new EvaluationContext(dataset, storeVectors, queryVectors);
        Neighbour[][] neighbours = context.Neighbours(options.Verifier, options.Candidates, options.EntryFloors, minThreshold);
        bool consensus = options.Verifier is not null || options.AnswerConsensus || options.EntryFloors;
        var rows = new List<CacheEvaluationRow>(options.Thresholds.Count * 2);
        foreach (float threshold in options.Thresholds)
        {
            rows.Add(Score(neighbours, context.Answerable, threshold, guard: false, options));
            if (consensus)
            {
                rows.Add(Score(neighbours, context.Answerable, threshold, guard: true, options));
            }
        }

        CacheEvaluationRow shipped = EvaluateConfiguration(context, new SemanticCacheOptions());
        return new CacheEvaluationResult(dataset.Name, storeVectors.Count, queryVectors.Count, rows, options.MaxWrongHitRate, embedTime, clock.Elapsed)
        {
            Default = shipped,
            Answerable = context.AnswerableCount,
            IsPaired = dataset.IsPaired,
        };
    }

    /// <summary>
    /// Evaluates one middleware configuration — its threshold, candidate count, answer consensus and verifier — on
    /// precomputed embeddings, as <see cref="SemanticCache.SemanticCachingChatClient"/> would decide each lookup.
    /// </summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <param name="configuration">The middleware options (a fresh verifier: it observes every stored text).</param>
    /// <returns>The row at the configuration's threshold.</returns>
    public static CacheEvaluationRow EvaluateConfiguration(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, SemanticCacheOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(storeVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        ArgumentNullException.ThrowIfNull(configuration);
        return EvaluateConfiguration(new EvaluationContext(dataset, storeVectors, queryVectors), configuration);
    }

    private static CacheEvaluationRow EvaluateConfiguration(EvaluationContext context, SemanticCacheOptions configuration)
    {
        var options = new CacheEvaluationOptions
        {
            Thresholds = [configuration.Threshold],
            Verifier = configuration.Verifier,
            Candidates = configuration.Candidates,
            AnswerConsensus = configuration.AnswerConsensus,
            ConsensusMargin = configuration.ConsensusMargin,
            DistinctAnswersMargin = configuration.DistinctAnswersMargin,
        };
        Neighbour[][] neighbours = context.Neighbours(options.Verifier, options.Candidates, entryFloors: false, configuration.Threshold);
        return Score(neighbours, context.Answerable, configuration.Threshold, guard: options.Verifier is not null || options.AnswerConsensus, options);
    }

    private static CacheEvaluationRow Score(Neighbour[][] neighbours, bool[] answerable, float threshold, bool guard, CacheEvaluationOptions options)
    {
        int hitCount = 0, right = 0, wrong = 0, unanswerableHits = 0;
        int q = -1;
        var answerIds = new int[options.Candidates];
        var similarities = new float[options.Candidates];
        foreach (Neighbour[] list in neighbours)
        {
            q++;
            if (guard && options.AnswerConsensus && list.Length > 0)
            {
                // As in the middleware: the neighbours within reach are those at or above threshold − the widest margin.
                float reach = Math.Max(Math.Max(0f, options.ConsensusMargin), Math.Max(0f, options.DistinctAnswersMargin));
                int within = 0;
                while (within < list.Length && list[within].Similarity >= threshold - reach)
                {
                    answerIds[within] = list[within].Answer;
                    similarities[within] = list[within].Similarity;
                    within++;
                }

                if (within > 0 && SemanticConsensus.IsAmbiguous(similarities.AsSpan(0, within), answerIds.AsSpan(0, within), Math.Max(0f, options.ConsensusMargin), Math.Max(0f, options.DistinctAnswersMargin)))
                {
                    continue;
                }
            }

            foreach (Neighbour n in list)
            {
                if (n.Similarity < threshold)
                {
                    break;
                }

                if (guard && options.AnswerConsensus && n.Answer != list[0].Answer)
                {
                    break;
                }

                if (guard && ((options.Verifier is not null && !n.Accepted) || (options.EntryFloors && n.Similarity < n.Floor)))
                {
                    continue;
                }

                hitCount++;
                if (n.SameLabel)
                {
                    right++;
                }
                else
                {
                    wrong++;
                    unanswerableHits += answerable[q] ? 0 : 1;
                }

                break;
            }

            // Without the guard only the nearest neighbour counts.
        }

        return new CacheEvaluationRow(threshold, guard, neighbours.Length, hitCount, right, wrong, neighbours.Length - hitCount) { UnanswerableHits = unanswerableHits };
    }

    /// <summary>
    /// The texts to embed for <paramref name="texts"/>, as the middleware embeds a key text: whole within the embedding
    /// window, else its final sentences (the rest must match exactly, which <see cref="Evaluate"/> checks).
    /// </summary>
    /// <param name="texts">The stored texts or the queries of a dataset.</param>
    /// <returns>One text to embed per element, labels unchanged.</returns>
    public static LabelledText[] TextsToEmbed(IReadOnlyList<LabelledText> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int window = new SemanticCacheOptions().EmbeddingWindowWords;
        var parts = new LabelledText[texts.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = texts[i] with { Text = SemanticRequestKey.Split(texts[i].Text, window).Embedded };
        }

        return parts;
    }

    private static bool SameExactPart(string a, string b)
    {
        int window = new SemanticCacheOptions().EmbeddingWindowWords;
        return string.Equals(SemanticRequestKey.Split(a, window).Head, SemanticRequestKey.Split(b, window).Head, StringComparison.Ordinal);
    }

    private static async Task<float[][]> EmbedAllAsync(Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<float[]>>> embed, IReadOnlyList<LabelledText> texts, int batchSize, CancellationToken cancellationToken)
    {
        var vectors = new float[texts.Count][];
        var batch = new List<string>(batchSize);
        for (int start = 0; start < texts.Count; start += batchSize)
        {
            batch.Clear();
            for (int i = start; i < Math.Min(texts.Count, start + batchSize); i++)
            {
                batch.Add(texts[i].Text);
            }

            IReadOnlyList<float[]> embedded = await embed(batch, cancellationToken);
            if (embedded.Count != batch.Count)
            {
                throw new InvalidOperationException($"The embedder returned {embedded.Count} vectors for {batch.Count} texts.");
            }

            for (int i = 0; i < batch.Count; i++)
            {
                vectors[start + i] = embedded[i];
            }
        }

        return vectors;
    }

    private readonly record struct Neighbour(float Similarity, bool SameLabel, bool Accepted, int Answer, float Floor);

    /// <summary>The index of the stored vectors and the answer identities of a dataset, shared by the configurations evaluated on it.</summary>
    private sealed class EvaluationContext
    {
        private readonly CacheDataset _dataset;
        private readonly IReadOnlyList<float[]> _storeVectors;
        private readonly IReadOnlyList<float[]> _queryVectors;
        private readonly int[] _answerOf;

        public EvaluationContext(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors)
        {
            if (storeVectors.Count != dataset.Store.Count || queryVectors.Count != dataset.Queries.Count)
            {
                throw new ArgumentException("There must be exactly one vector per stored text and per query.", nameof(storeVectors));
            }

            _dataset = dataset;
            _storeVectors = storeVectors;
            _queryVectors = queryVectors;
            var answers = new Dictionary<string, int>(StringComparer.Ordinal);
            _answerOf = new int[storeVectors.Count];
            for (int i = 0; i < _answerOf.Length; i++)
            {
                if (!answers.TryGetValue(dataset.Store[i].Label, out int a))
                {
                    a = answers.Count;
                    answers[dataset.Store[i].Label] = a;
                }

                _answerOf[i] = a;
            }

            Answerable = new bool[queryVectors.Count];
            for (int q = 0; q < Answerable.Length; q++)
            {
                Answerable[q] = answers.ContainsKey(dataset.Queries[q].Label);
                AnswerableCount += Answerable[q] ? 1 : 0;
            }
        }

        /// <summary>Gets, per query, whether its label has a stored text (a right hit is possible).</summary>
        public bool[] Answerable { get; }

        public int AnswerableCount { get; }

        /// <summary>Finds each query's nearest stored texts (its own stored text only in a paired dataset) and the verifier's verdicts on those at or above <paramref name="minThreshold"/>.</summary>
        public Neighbour[][] Neighbours(IHitVerifier? verifier, int k, bool entryFloors, float minThreshold)
        {
            for (int i = 0; i < _storeVectors.Count; i++)
            {
                verifier?.Observe(_dataset.Store[i].Text);
            }

            var neighbours = new Neighbour[_queryVectors.Count][];
            if (_dataset.IsPaired)
            {
                for (int q = 0; q < neighbours.Length; q++)
                {
                    // Texts beyond the embedding window whose exact parts differ are in different partitions: never a hit.
                    if (!SameExactPart(_dataset.Queries[q].Text, _dataset.Store[q].Text))
                    {
                        neighbours[q] = [];
                        continue;
                    }

                    float similarity = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(_queryVectors[q], _storeVectors[q]);
                    neighbours[q] = [Verified(verifier, q, q, similarity, 0f, minThreshold)];
                }

                return neighbours;
            }

            using var index = new FlatVectorIndex(_storeVectors[0].Length, _storeVectors.Count);
            for (int i = 0; i < _storeVectors.Count; i++)
            {
                index.Add(i, _storeVectors[i]);
            }

            float[] floors = entryFloors ? SemanticConsensus.EntryFloors(index, _storeVectors, _answerOf, 32) : new float[_storeVectors.Count];
            var hits = new VectorHit[k];
            for (int q = 0; q < neighbours.Length; q++)
            {
                int found = index.Search(_queryVectors[q], hits);
                var list = new Neighbour[found];
                for (int j = 0; j < found; j++)
                {
                    int s = (int)hits[j].Id;
                    list[j] = Verified(verifier, q, s, hits[j].Similarity, floors[s], minThreshold);
                }

                neighbours[q] = list;
            }

            return neighbours;
        }

        private Neighbour Verified(IHitVerifier? verifier, int q, int s, float similarity, float floor, float minThreshold)
        {
            // Candidates below every threshold evaluated are never served, so their verdict is never consulted.
            bool accepted = verifier is null || (similarity >= minThreshold && verifier.Verify(_dataset.Queries[q].Text, _dataset.Store[s].Text, similarity).IsAccepted);
            return new Neighbour(similarity, _dataset.Store[s].Label == _dataset.Queries[q].Label, accepted, _answerOf[s], floor);
        }
    }
}
