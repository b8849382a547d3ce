namespace LlmLint.Corpus;

/// <summary>Command line of the harness.</summary>
internal sealed record Options(string Mirror, string? Analyzers, string? Json, string Corpus, IReadOnlySet<string> Only, string Work, bool Timing)
{
    public const string Usage = """
        usage: dotnet run --project eng/corpus/harness -c Release -- --mirror <folder> [--analyzers <folder>] [--json <file>]
                          [--corpus <folder>] [--only owner/name[,owner/name...]] [--work <folder>] [--timing]
          --mirror     folder with one checkout per repository, named owner+name, at the pinned commits (eng/corpus/fetch.sh)
          --analyzers  folder holding the LlmLint.Analyzers.dll to measure (default: a Release build of this checkout's)
          --json       also write the figures to this file
          --corpus     folder with repositories.csv and labels.csv (default: eng/corpus of this checkout)
          --only       measure only these repositories
          --work       folder for generated projects and captured compiler inputs (default: a new temporary folder); a
                       folder of an earlier run is reused: projects whose inputs it holds are only analysed again
          --timing     also print each LlmLint analyzer's execution time per project (the driver's own measurement)
        """;

    public static Options Parse(string[] args, string repositoryRoot)
    {
        string? mirror = null, analyzers = null, json = null, corpus = null, work = null;
        var timing = false;
        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new HarnessException($"{args[i]} needs a value.{Environment.NewLine}{Usage}");
            switch (args[i])
            {
                case "--mirror": mirror = Next(); break;
                case "--analyzers": analyzers = Next(); break;
                case "--json": json = Next(); break;
                case "--corpus": corpus = Next(); break;
                case "--work": work = Next(); break;
                case "--timing": timing = true; break;
                case "--only": only.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "-h" or "--help": throw new HarnessException(Usage);
                default: throw new HarnessException($"Unknown argument '{args[i]}'.{Environment.NewLine}{Usage}");
            }
        }

        if (mirror is null)
        {
            throw new HarnessException($"--mirror is required.{Environment.NewLine}{Usage}");
        }

        if (!Directory.Exists(mirror))
        {
            throw new HarnessException($"The mirror folder '{mirror}' does not exist.");
        }

        return new Options(
            Path.GetFullPath(mirror), analyzers, json is null ? null : Path.GetFullPath(json),
            Path.GetFullPath(corpus ?? Path.Combine(repositoryRoot, "eng", "corpus")), only,
            Path.GetFullPath(work ?? Path.Combine(Path.GetTempPath(), "llmlint-corpus-" + Guid.NewGuid().ToString("N")[..8])), timing);
    }
}
