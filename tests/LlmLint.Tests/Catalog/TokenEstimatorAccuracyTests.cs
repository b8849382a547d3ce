using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Catalog;
using Microsoft.ML.Tokenizers;
using Xunit.Abstractions;

namespace LlmLint.Tests.Catalog;

/// <summary>
/// The analyzers' in-compiler token estimator against the real tokenizer (o200k_base, Microsoft.ML.Tokenizers) on 500
/// prompts held out from its calibration (tests/data/token-count).
/// </summary>
public sealed class TokenEstimatorAccuracyTests
{
    private readonly ITestOutputHelper _output;

    public TokenEstimatorAccuracyTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mean_absolute_error_is_at_most_five_percent_on_500_held_out_prompts()
    {
        TiktokenTokenizer tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        var errors = new List<double>();
        var bySource = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(TestRepo.Root, "tests", "data", "token-count", "prompts.jsonl")))
        {
            using JsonDocument row = JsonDocument.Parse(line);
            string text = row.RootElement.GetProperty("text").GetString()!;
            string source = row.RootElement.GetProperty("source").GetString()!;
            int real = tokenizer.CountTokens(text);
            double error = Math.Abs(TokenEstimator.Estimate(text) - real) / (double)Math.Max(1, real);
            errors.Add(error);
            (bySource.TryGetValue(source, out List<double>? list) ? list : bySource[source] = new List<double>()).Add(error);
        }

        errors.Sort();
        _output.WriteLine($"all: {Describe(errors)}");
        foreach ((string source, List<double> list) in bySource.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            list.Sort();
            _output.WriteLine($"{source}: {Describe(list)}");
        }

        Assert.Equal(500, errors.Count);
        Assert.True(errors.Average() <= 0.05, $"mean absolute error {errors.Average():P2} ({Describe(errors)})");
    }

    private static string Describe(List<double> sorted) =>
        $"n {sorted.Count}, mean {sorted.Average():P1}, p50 {sorted[sorted.Count / 2]:P1}, p90 {sorted[(int)(sorted.Count * 0.9)]:P1}, max {sorted[^1]:P1}";
}
