using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LlmLint.Corpus;

try
{
    var root = AnalyzerAssembly.RepositoryRoot();
    var options = Options.Parse(args, root);
    var corpus = Corpus.Load(options.Corpus);
    var repositories = corpus.Repositories.Where(r => options.Only.Count == 0 || options.Only.Contains(r.Name)).ToList();
    var labels = corpus.Labels.Where(l => repositories.Any(r => r.Name == l.Repository)).ToList();
    foreach (var name in options.Only.Where(n => corpus.Repositories.All(r => r.Name != n)))
    {
        throw new HarnessException($"--only: '{name}' is not in repositories.csv.");
    }

    var watch = Stopwatch.StartNew();
    var analyzer = AnalyzerAssembly.Locate(options.Analyzers, root, Console.WriteLine);
    Console.WriteLine($"Analyzers: {analyzer}");
    Console.WriteLine($"Work folder: {options.Work}");
    var runs = new List<RepositoryRun>();
    foreach (var repository in repositories)
    {
        Console.WriteLine($"== {repository.Name}");
        var run = await RepositoryRunner.RunAsync(repository, options, analyzer, Console.WriteLine, CancellationToken.None);
        foreach (var p in run.Projects)
        {
            Console.WriteLine($"   {p.Project}: {p.Mode.ToString().ToLowerInvariant()}, {p.CompileErrors} compile error(s), {p.AnalyzerExceptions} analyzer exception(s)");
        }

        runs.Add(run);
        if (options.Json is not null)
        {
            // Written after every repository, so an interrupted run still leaves the figures of what it measured.
            var partial = Figures.Compute(labels.Where(l => runs.Any(r => r.Repository.Name == l.Repository)).ToList(), runs, watch.Elapsed, analyzer);
            File.WriteAllText(options.Json, JsonSerializer.Serialize(partial.ToJson(runs), new JsonSerializerOptions { WriteIndented = true }));
        }
    }

    var figures = Figures.Compute(labels, runs, watch.Elapsed, analyzer);
    Figures.Print(figures, runs, Console.Out);
    if (options.Json is not null)
    {
        File.WriteAllText(options.Json, JsonSerializer.Serialize(figures.ToJson(runs), new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Figures written to {options.Json}");
    }

    return 0;
}
catch (HarnessException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
