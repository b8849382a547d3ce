namespace LlmLint.Evaluation;

/// <summary>One recorded prompt with the outcome of each tier.</summary>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Group">A known group (for MMLU, the subject), or null.</param>
/// <param name="WeakQuality">Quality of the weak tier's answer, 0..1.</param>
/// <param name="StrongQuality">Quality of the strong tier's answer, 0..1.</param>
/// <param name="WeakCost">Cost in USD of the weak call, or null to estimate from the catalog.</param>
/// <param name="StrongCost">Cost in USD of the strong call, or null to estimate from the catalog.</param>
/// <param name="WeakResponse">The weak tier's recorded answer text, when the data has it.</param>
/// <param name="StrongResponse">The strong tier's recorded answer text, when the data has it.</param>
public sealed record RouteSample(
    string Prompt,
    string? Group,
    double WeakQuality,
    double StrongQuality,
    double? WeakCost = null,
    double? StrongCost = null,
    string? WeakResponse = null,
    string? StrongResponse = null);

/// <summary>A loaded data set: samples after contamination exclusion.</summary>
public sealed record RouteDataSet(string Name, IReadOnlyList<RouteSample> Samples, int Excluded, string WeakModel, string StrongModel);

/// <summary>
/// Loads the RouteLLM evaluation data (<c>shared/data/routellm</c>: MMLU, GSM8K, MT-Bench) and user CSVs
/// (<c>prompt,weak_correct,strong_correct[,weak_cost,strong_cost]</c>).
/// </summary>
public static class RouteLlmData
{
    /// <summary>The weak model of the RouteLLM data.</summary>
    public const string WeakModel = "mistralai/Mixtral-8x7B-Instruct-v0.1";

    /// <summary>The strong model of the RouteLLM data.</summary>
    public const string StrongModel = "gpt-4-1106-preview";

    /// <summary>The environment variable that names the evaluation data folder (the one holding <c>routellm/</c>).</summary>
    public const string DataRootVariable = "LLMLINT_SHARED_DATA";

    /// <summary>
    /// Finds the evaluation data folder: <c>LLMLINT_SHARED_DATA</c> when it is set, else the first <c>shared/data</c> folder
    /// holding <c>routellm/</c> in <paramref name="start"/> or a folder above it.
    /// </summary>
    public static string? FindDataRoot(string start)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(DataRootVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(Path.Combine(fromEnvironment, "routellm")) ? fromEnvironment : null;
        }

        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(Path.Combine(candidate, "routellm")))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Loads a named data set (<c>routellm-mmlu</c>, <c>routellm-gsm8k</c>, <c>routellm-mtbench</c>) or a CSV path.</summary>
    public static RouteDataSet Load(string nameOrPath, string? dataRoot)
    {
        if (string.IsNullOrWhiteSpace(nameOrPath))
        {
            throw new ArgumentException("The data set name or CSV path is empty.", nameof(nameOrPath));
        }

        switch (nameOrPath.ToLowerInvariant())
        {
            case "routellm-mmlu":
                return LoadMmlu(Path.Combine(RequireRoot(dataRoot), "routellm", "mmlu"));
            case "routellm-gsm8k":
                return LoadGsm8k(Path.Combine(RequireRoot(dataRoot), "routellm", "gsm8k"));
            case "routellm-mtbench":
                return LoadMtBench(Path.Combine(RequireRoot(dataRoot), "routellm", "mt_bench"));
            default:
                if (!File.Exists(nameOrPath))
                {
                    throw new FileNotFoundException($"'{nameOrPath}' is neither a known data set (routellm-mmlu, routellm-gsm8k, routellm-mtbench) nor an existing CSV file.", nameOrPath);
                }

                using (var reader = new StreamReader(nameOrPath, Encoding.UTF8))
                {
                    return LoadCsv(reader, nameOrPath);
                }
        }
    }

    /// <summary>Loads the 57 MMLU subject CSVs; the subject (from the file name) is the group.</summary>
    public static RouteDataSet LoadMmlu(string folder)
    {
        var contaminated = LoadContaminated(Path.Combine(folder, "contaminated_prompts.jsonl"));
        string[] files = Directory.GetFiles(folder, "mmlu_*.csv");
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"No mmlu_*.csv files in '{folder}'.", folder);
        }

        Array.Sort(files, StringComparer.Ordinal);
        var samples = new List<RouteSample>();
        int excluded = 0;
        foreach (string file in files)
        {
            string subject = Path.GetFileNameWithoutExtension(file).Substring("mmlu_".Length);
            using var reader = new StreamReader(file, Encoding.UTF8);
            var rows = Csv.Read(reader, file);
            int p = Column(rows, "prompt", file), w = Column(rows, WeakModel, file), s = Column(rows, StrongModel, file);
            for (int r = 1; r < rows.Count; r++)
            {
                string prompt = rows[r][p];
                if (contaminated.Contains(Normalise(prompt)))
                {
                    excluded++;
                    continue;
                }

                samples.Add(new RouteSample(prompt, subject, ParseOutcome(rows[r][w], file, r, WeakModel), ParseOutcome(rows[r][s], file, r, StrongModel)));
            }
        }

        return new RouteDataSet("routellm-mmlu", samples, excluded, WeakModel, StrongModel);
    }

    /// <summary>Loads <c>gsm8k_responses.csv</c> with both models' responses.</summary>
    public static RouteDataSet LoadGsm8k(string folder)
    {
        var contaminated = LoadContaminated(Path.Combine(folder, "contaminated_prompts.jsonl"));
        string file = Path.Combine(folder, "gsm8k_responses.csv");
        using var reader = new StreamReader(file, Encoding.UTF8);
        var rows = Csv.Read(reader, file);
        int p = Column(rows, "prompt", file), w = Column(rows, WeakModel, file), s = Column(rows, StrongModel, file);
        int wr = Column(rows, WeakModel + "_response", file), sr = Column(rows, StrongModel + "_response", file);
        var samples = new List<RouteSample>();
        int excluded = 0;
        for (int r = 1; r < rows.Count; r++)
        {
            if (contaminated.Contains(Normalise(rows[r][p])))
            {
                excluded++;
                continue;
            }

            samples.Add(new RouteSample(rows[r][p], null, ParseOutcome(rows[r][w], file, r, WeakModel), ParseOutcome(rows[r][s], file, r, StrongModel), null, null, rows[r][wr], rows[r][sr]));
        }

        return new RouteDataSet("routellm-gsm8k", samples, excluded, WeakModel, StrongModel);
    }

    /// <summary>
    /// Loads MT-Bench: 80 two-turn questions; a model's quality on a question is the mean of its two GPT-4 judge
    /// scores divided by 10; the prompt is both turns joined by a newline; the group is the category.
    /// </summary>
    public static RouteDataSet LoadMtBench(string folder)
    {
        var contaminated = LoadContaminated(Path.Combine(folder, "contaminated_prompts.jsonl"));
        var questions = new List<(int Id, string Category, string Prompt)>();
        string questionFile = Path.Combine(folder, "question.jsonl");
        foreach (string line in File.ReadLines(questionFile))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var turns = root.GetProperty("turns");
            var text = new StringBuilder();
            string first = string.Empty;
            foreach (var turn in turns.EnumerateArray())
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }
                else
                {
                    first = turn.GetString() ?? string.Empty;
                }

                text.Append(turn.GetString());
            }

            questions.Add((root.GetProperty("question_id").GetInt32(), root.GetProperty("category").GetString() ?? string.Empty, first + "\u0000" + text));
        }

        var scores = new Dictionary<(int, string), (double Sum, int N)>();
        foreach (string line in File.ReadLines(Path.Combine(folder, "judgements.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            int id = root.GetProperty("question_id").ValueKind == JsonValueKind.String
                ? int.Parse(root.GetProperty("question_id").GetString()!, CultureInfo.InvariantCulture)
                : root.GetProperty("question_id").GetInt32();
            string model = root.GetProperty("model").GetString() ?? string.Empty;
            var scoreElement = root.GetProperty("score");
            double score = scoreElement.ValueKind == JsonValueKind.String
                ? double.Parse(scoreElement.GetString()!, CultureInfo.InvariantCulture)
                : scoreElement.GetDouble();
            if (score < 0)
            {
                continue; // the judge failed to produce a score
            }

            scores.TryGetValue((id, model), out var acc);
            scores[(id, model)] = (acc.Sum + score, acc.N + 1);
        }

        var samples = new List<RouteSample>();
        int excluded = 0;
        foreach (var q in questions)
        {
            int split = q.Prompt.IndexOf('\u0000');
            string first = q.Prompt.Substring(0, split), prompt = q.Prompt.Substring(split + 1);
            if (contaminated.Contains(Normalise(first)))
            {
                excluded++;
                continue;
            }

            if (!scores.TryGetValue((q.Id, WeakModel), out var weak) || !scores.TryGetValue((q.Id, StrongModel), out var strong))
            {
                continue;
            }

            samples.Add(new RouteSample(prompt, q.Category, Math.Clamp(weak.Sum / weak.N / 10.0, 0, 1), Math.Clamp(strong.Sum / strong.N / 10.0, 0, 1)));
        }

        return new RouteDataSet("routellm-mtbench", samples, excluded, WeakModel, StrongModel);
    }

    /// <summary>
    /// Parses a user CSV with a header: <c>prompt</c>, <c>weak_correct</c>, <c>strong_correct</c> (0/1, true/false, or a
    /// quality in [0, 1]) and optional <c>weak_cost</c>, <c>strong_cost</c> (USD per call) and <c>group</c>.
    /// </summary>
    public static RouteDataSet LoadCsv(TextReader reader, string sourceName)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var rows = Csv.Read(reader, sourceName);
        if (rows.Count == 0)
        {
            throw new FormatException($"{sourceName}: the file is empty; expected a header 'prompt,weak_correct,strong_correct'.");
        }

        int p = Column(rows, "prompt", sourceName), w = Column(rows, "weak_correct", sourceName), s = Column(rows, "strong_correct", sourceName);
        int wc = IndexOf(rows[0], "weak_cost"), sc = IndexOf(rows[0], "strong_cost"), g = IndexOf(rows[0], "group");
        if ((wc < 0) != (sc < 0))
        {
            throw new FormatException($"{sourceName}: give both 'weak_cost' and 'strong_cost' columns or neither.");
        }

        var samples = new List<RouteSample>();
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Length != rows[0].Length)
            {
                throw new FormatException($"{sourceName}: row {r + 1} has {row.Length} fields; the header has {rows[0].Length}.");
            }

            double? weakCost = wc >= 0 ? ParseCost(row[wc], sourceName, r, "weak_cost") : null;
            double? strongCost = sc >= 0 ? ParseCost(row[sc], sourceName, r, "strong_cost") : null;
            samples.Add(new RouteSample(row[p], g >= 0 && row[g].Length > 0 ? row[g] : null, ParseOutcome(row[w], sourceName, r, "weak_correct"), ParseOutcome(row[s], sourceName, r, "strong_correct"), weakCost, strongCost));
        }

        if (samples.Count == 0)
        {
            throw new FormatException($"{sourceName}: the file has a header but no rows.");
        }

        return new RouteDataSet(Path.GetFileNameWithoutExtension(sourceName), samples, 0, WeakModel, StrongModel);
    }

    /// <summary>Reads <c>contaminated_prompts.jsonl</c>: the whitespace-normalised <c>eval_prompt</c> of each line (empty when the file is absent).</summary>
    public static HashSet<string> LoadContaminated(string path)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return set;
        }

        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("eval_prompt", out var prompt) && prompt.ValueKind == JsonValueKind.String)
                {
                    set.Add(Normalise(prompt.GetString()!));
                }
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}: line {lineNumber} is not valid JSON: {e.Message}", e);
            }
        }

        return set;
    }

    /// <summary>Collapses runs of whitespace to one space and trims.</summary>
    public static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string RequireRoot(string? dataRoot)
    {
        string? root = dataRoot ?? FindDataRoot(Directory.GetCurrentDirectory()) ?? FindDataRoot(AppContext.BaseDirectory);
        if (root is null || !Directory.Exists(Path.Combine(root, "routellm")))
        {
            throw new DirectoryNotFoundException($"Could not find the evaluation data folder (with routellm/) {(dataRoot is null ? "in a shared/data folder above the current directory or in " + DataRootVariable : "at '" + dataRoot + "'")}; pass --data-root.");
        }

        return root;
    }

    private static int IndexOf(string[] header, string name)
    {
        for (int i = 0; i < header.Length; i++)
        {
            if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static int Column(List<string[]> rows, string name, string source)
    {
        if (rows.Count == 0)
        {
            throw new FormatException($"{source}: the file is empty.");
        }

        int i = IndexOf(rows[0], name);
        if (i < 0)
        {
            throw new FormatException($"{source}: missing column '{name}' (header: {string.Join(",", rows[0])}).");
        }

        return i;
    }

    private static double ParseOutcome(string value, string source, int row, string column)
    {
        string v = value.Trim();
        if (v.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return 1;
        }

        if (v.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && d <= 1)
        {
            return d;
        }

        throw new FormatException($"{source}: row {row + 1}, column '{column}': '{value}' is not true/false, 0/1 or a quality in [0, 1].");
    }

    private static double ParseCost(string value, string source, int row, string column)
    {
        if (double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 && !double.IsInfinity(d))
        {
            return d;
        }

        throw new FormatException($"{source}: row {row + 1}, column '{column}': '{value}' is not a non-negative cost in USD.");
    }
}
