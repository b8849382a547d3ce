namespace LlmLint.Evaluation;


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
