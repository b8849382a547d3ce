using System;
using System.IO;
using LlmLint.Catalog;

namespace LlmLint.Tests.Catalog;

public sealed class TokenEstimatorTests
{
    [Fact]
    public void KnownSentence_MatchesTheRealCount()
    {
        Assert.Equal(8, TokenEstimator.Estimate("Hello world, this is a test."));
        Assert.Equal(0, TokenEstimator.Estimate(string.Empty));
        Assert.Equal(0, TokenEstimator.Estimate(null));
    }

    [Theory]
    [InlineData("prose.txt")]
    [InlineData("code.cs.txt")]
    [InlineData("prompt.txt")]
    public void CalibrationTexts_AreWithinTenPercentOfBpe(string file)
    {
        var dir = Path.Combine(TestRepo.Root, "src", "Shared", "Catalog", "calibration");
        var counts = File.ReadAllText(Path.Combine(dir, "counts.json"));
        var expected = ReadCount(counts, file);
        var estimate = TokenEstimator.Estimate(File.ReadAllText(Path.Combine(dir, file)).Replace("\r\n", "\n", StringComparison.Ordinal));
        var error = Math.Abs(estimate - expected) / (double)expected;
        Assert.True(error <= 0.10, $"{file}: estimated {estimate}, BPE {expected} ({error:P1})");
    }

    [Fact]
    public void Range_IsValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenEstimator.Estimate("abc", 2, 5));
        Assert.Equal(TokenEstimator.Estimate("world"), TokenEstimator.Estimate("hello world", 6, 5));
    }

    private static int ReadCount(string json, string file)
    {
        // counts.json: { "<file>": { "cl100k_base": N, ... }, ... }
        var at = json.IndexOf("\"" + file + "\"", StringComparison.Ordinal);
        Assert.True(at >= 0, file + " is not in counts.json");
        var key = json.IndexOf("cl100k", at, StringComparison.Ordinal);
        var colon = json.IndexOf(':', key);
        var end = colon + 1;
        while (end < json.Length && (char.IsWhiteSpace(json[end]) || char.IsDigit(json[end])))
        {
            end++;
        }

        return int.Parse(json.AsSpan(colon + 1, end - colon - 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
