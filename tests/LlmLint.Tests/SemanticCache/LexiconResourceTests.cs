using System;
using System.Diagnostics;
using System.IO;
using LlmLint.SemanticCache;

namespace LlmLint.Tests.SemanticCache;

/// <summary>A fact that runs only where the WordNet database is installed (Debian: apt-get install wordnet-base).</summary>
public sealed class WordNetFactAttribute : FactAttribute
{
    public const string WordNetDirectory = "/usr/share/wordnet";

    public WordNetFactAttribute()
    {
        if (!File.Exists(Path.Combine(WordNetDirectory, "data.verb")))
        {
            Skip = $"WordNet is not installed ({WordNetDirectory}/data.verb is missing; ./test.sh installs wordnet-base)";
        }
        else if (FindPython() is null)
        {
            Skip = "python3 is not on PATH; eng/wordnet/build-lexicon.py cannot run";
        }
    }

    internal static string? FindPython()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(dir, "python3");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

public class LexiconResourceTests
{
    [WordNetFact]
    public void The_committed_lexicon_is_what_the_generator_produces_from_wordnet()
    {
        string script = Path.Combine(TestRepo.Root, "eng", "wordnet", "build-lexicon.py");
        var start = new ProcessStartInfo(WordNetFactAttribute.FindPython()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--wordnet");
        start.ArgumentList.Add(WordNetFactAttribute.WordNetDirectory);
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add("-");
        using Process process = Process.Start(start)!;
        string generated = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);

        using Stream resource = typeof(MeaningLexicon).Assembly.GetManifestResourceStream(MeaningLexicon.ResourceName)!;
        string embedded = new StreamReader(resource).ReadToEnd();
        string committed = File.ReadAllText(Path.Combine(TestRepo.Root, "src", "LlmLint", "SemanticCache", "Lexicon", "meaning-lexicon.txt"));
        Assert.Equal(committed, embedded);
        Assert.True(generated == committed, "src/LlmLint/SemanticCache/Lexicon/meaning-lexicon.txt is stale: run python3 eng/wordnet/build-lexicon.py");
    }

    [Fact]
    public void The_licence_and_provenance_of_wordnet_sit_next_to_the_resource()
    {
        string folder = Path.Combine(TestRepo.Root, "src", "LlmLint", "SemanticCache", "Lexicon");
        Assert.Contains("WordNet 3.0 Copyright 2006 by Princeton University", File.ReadAllText(Path.Combine(folder, "WORDNET-LICENSE.txt")));
        Assert.Contains("wordnet-base", File.ReadAllText(Path.Combine(folder, "README.md")));
    }
}
