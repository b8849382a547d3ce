using System;
using LlmLint.Evaluation;

namespace LlmLint.Evaluation.Tests;

public class CascadeEvaluationTests
{
    [Theory]
    [InlineData("She sells 9 eggs for $2 each, so 9 * 2 = $18.\n#### 18", "18")]
    [InlineData("So the total is 1,250 dollars. The answer is $1,250.", "1250")]
    [InlineData("First 3 + 4 = 7, then 7 * 2 = 14", "14")]
    [InlineData("I do not know.", null)]
    public void FinalNumber_PrefersTheMarkedAnswer(string answer, string? expected) =>
        Assert.Equal(expected, AnswerFeatures.FinalNumber(answer));

    [Fact]
    public void RuleConfidence_ConsistentMarkedAnswer_BeatsHedgingContradiction()
    {
        double confident = AnswerFeatures.RuleConfidence("q", "3 + 4 = 7 eggs.\n#### 7");
        double doubtful = AnswerFeatures.RuleConfidence("q", "The answer is 7. Wait, that is a mistake; I assume it is unclear. The answer is 9.5, approximately 3");
        Assert.True(confident > doubtful, $"{confident} vs {doubtful}");
    }

    [Fact]
    public void Run_WithoutRecordedResponses_Throws()
    {
        var data = new RouteDataSet("x", new[] { new RouteSample("p", null, 1, 1) }, 0, RouteLlmData.WeakModel, RouteLlmData.StrongModel);
        var e = Assert.Throws<ArgumentException>(() => CascadeEvaluation.Run(data));
        Assert.Contains("recorded weak response", e.Message);
    }
}
