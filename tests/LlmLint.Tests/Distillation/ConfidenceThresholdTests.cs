using System;
using System.Linq;
using LlmLint.Distillation;

namespace LlmLint.Tests.Distillation;

public sealed class ConfidenceThresholdTests
{
    [Fact]
    public void Wilson_lower_bound_matches_the_formula()
    {
        Assert.Equal(0.9273, ConfidenceThreshold.WilsonLower(97, 100), 3);
        Assert.Equal(0, ConfidenceThreshold.WilsonLower(0, 0));
        Assert.True(ConfidenceThreshold.WilsonLower(970, 1000) > ConfidenceThreshold.WilsonLower(97, 100));
    }

    [Fact]
    public void Answers_everything_when_every_capture_agrees_and_there_are_enough()
    {
        float[] confidences = Enumerable.Range(0, 300).Select(i => 0.2f + (i / 1000f)).ToArray();
        bool[] agrees = Enumerable.Repeat(true, 300).ToArray();

        Assert.Equal(confidences.Min(), ConfidenceThreshold.Choose(confidences, agrees, 0.97));
    }

    [Fact]
    public void Cuts_below_the_confident_agreeing_captures()
    {
        // 400 confident captures that agree, then 100 doubtful ones of which half disagree.
        float[] confidences = Enumerable.Range(0, 500).Select(i => i < 400 ? 0.9f + (i / 10000f) : 0.3f + (i / 10000f)).ToArray();
        bool[] agrees = Enumerable.Range(0, 500).Select(i => i < 400 || i % 2 == 0).ToArray();

        float threshold = ConfidenceThreshold.Choose(confidences, agrees, 0.97);

        // Every confident capture is answered, most doubtful ones are not, and what is answered keeps the bound.
        int answered = confidences.Count(c => c >= threshold);
        int agreed = confidences.Where((c, i) => c >= threshold && agrees[i]).Count();
        Assert.InRange(answered, 400, 440);
        Assert.True(ConfidenceThreshold.WilsonLower(agreed, answered) >= 0.97);
        Assert.True(ConfidenceThreshold.WilsonLower(agreed + 1, answered + 2) < 0.97 || answered == 500);
    }

    [Fact]
    public void Never_answers_when_the_target_is_out_of_reach()
    {
        float[] confidences = { 0.9f, 0.8f, 0.7f };
        bool[] agrees = { true, false, true };

        Assert.Equal(float.PositiveInfinity, ConfidenceThreshold.Choose(confidences, agrees, 0.97));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceThreshold.Choose(new[] { 1f }, new[] { true }, 1.0));
        Assert.Throws<ArgumentException>(() => ConfidenceThreshold.Choose(new[] { 1f }, new[] { true, false }, 0.9));
    }
}
