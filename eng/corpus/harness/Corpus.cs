namespace LlmLint.Corpus;

/// <summary>One pinned repository of <c>repositories.csv</c>.</summary>
internal sealed record Repository(string Name, string Commit, string Licence, IReadOnlyList<string> Projects, string Sdks)
{
    /// <summary>The folder name of the repository under the mirror folder: <c>owner+name</c>.</summary>
    public string FolderName => Name.Replace('/', '+');
}

/// <summary>One labelled call site of <c>labels.csv</c>.</summary>
internal sealed record Label(
    string Repository, string File, int Line, string Sdk, string Call, string Task, string ModelSource, string Model,
    bool ModelInRepo, bool Recurs, bool Cached, IReadOnlySet<string> Expect)
{
    /// <summary>Model sources that bind the model through configuration, options, Aspire or a DI registration.</summary>
    public static readonly IReadOnlySet<string> ConfigurationBound = new HashSet<string>(StringComparer.Ordinal)
    {
        "configuration", "options", "aspire", "di-registration",
    };

    public bool IsConfigurationBoundInRepo => ModelInRepo && ConfigurationBound.Contains(ModelSource);
}

/// <summary>The manifest and the labels, validated.</summary>
internal sealed record Corpus(IReadOnlyList<Repository> Repositories, IReadOnlyList<Label> Labels)
{
    private static readonly string[] Sdks = ["meai", "openai", "azure-openai", "anthropic", "semantic-kernel"];
    private static readonly string[] Rules = ["LLM2001", "LLM2003"];

    public static Corpus Load(string directory)
    {
        var repositories = CsvFile.Read(Path.Combine(directory, "repositories.csv")).Select(ParseRepository).ToList();
        var names = repositories.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var labels = CsvFile.Read(Path.Combine(directory, "labels.csv")).Select(ParseLabel).ToList();
        foreach (var label in labels.Where(l => !names.Contains(l.Repository)))
        {
            throw new HarnessException($"labels.csv: '{label.Repository}' ({label.File}:{label.Line}) is not in repositories.csv.");
        }

        return new Corpus(repositories, labels);
    }

    private static Repository ParseRepository(Dictionary<string, string> row)
    {
        var commit = Field(row, "commit");
        if (commit.Length != 40 || !commit.All(Uri.IsHexDigit))
        {
            throw new HarnessException($"repositories.csv: the commit of '{Field(row, "repository")}' must be 40 hex digits, got '{commit}'.");
        }

        var projects = Field(row, "projects").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (projects.Length == 0)
        {
            throw new HarnessException($"repositories.csv: '{Field(row, "repository")}' names no project.");
        }

        return new Repository(Field(row, "repository"), commit, Field(row, "licence"), projects, Field(row, "sdks"));
    }

    private static Label ParseLabel(Dictionary<string, string> row)
    {
        var where = $"{Field(row, "repository")} {Field(row, "file")}:{Field(row, "line")}";
        if (!int.TryParse(Field(row, "line"), out var line) || line < 1)
        {
            throw new HarnessException($"labels.csv: {where}: 'line' must be a positive integer.");
        }

        var sdk = Field(row, "sdk");
        if (!Sdks.Contains(sdk))
        {
            throw new HarnessException($"labels.csv: {where}: unknown sdk '{sdk}' (expected {string.Join(", ", Sdks)}).");
        }

        var expect = Field(row, "expect").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in expect.Where(r => !Rules.Contains(r)))
        {
            throw new HarnessException($"labels.csv: {where}: unknown expected diagnostic '{rule}'.");
        }

        return new Label(
            Field(row, "repository"), Field(row, "file"), line, sdk, Field(row, "call"), Field(row, "task"), Field(row, "model_source"),
            Field(row, "model"), YesNo(row, "model_in_repo", where), YesNo(row, "recurs", where), YesNo(row, "cached", where), expect);
    }

    private static bool YesNo(Dictionary<string, string> row, string name, string where) => Field(row, name) switch
    {
        "yes" => true,
        "no" => false,
        var other => throw new HarnessException($"labels.csv: {where}: '{name}' must be yes or no, got '{other}'."),
    };

    private static string Field(Dictionary<string, string> row, string name)
        => row.TryGetValue(name, out var value) ? value : throw new HarnessException($"A corpus CSV file has no '{name}' column.");
}
