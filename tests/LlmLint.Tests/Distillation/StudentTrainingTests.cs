using System;
using System.Linq;
using LlmLint.Distillation;

namespace LlmLint.Tests.Distillation;

public sealed class StudentTrainingTests
{
    private const int Dimensions = 16;

    [Fact]
    public void A_separable_problem_is_learned_and_answered_almost_entirely()
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 150, labels: 4, Dimensions, spread: 0.15, noise: 0, seed: 1);

        DistilledStudent student = StudentTraining.Train(x, Dimensions, y);

        Assert.Equal(4, student.Classifier.Labels.Count);
        Assert.True(student.HeldOut.Coverage > 0.95, $"coverage {student.HeldOut.Coverage:P1}");
        Assert.Equal(1.0, student.HeldOut.Agreement);
    }

    [Fact]
    public void With_noisy_teacher_labels_the_answered_share_keeps_the_target_on_new_traffic()
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 400, labels: 5, Dimensions, spread: 0.45, noise: 0.04, seed: 2);
        (float[] later, string[] laterLabels) = SyntheticCaptures.Make(perLabel: 400, labels: 5, Dimensions, spread: 0.45, noise: 0.04, seed: 3);

        DistilledStudent student = StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { TargetAgreement = 0.9 });
        int answered = 0, agreed = 0;
        for (int i = 0; i < laterLabels.Length; i++)
        {
            StudentDecision decision = student.Decide(later.AsSpan(i * Dimensions, Dimensions));
            if (decision.Answers)
            {
                answered++;
                agreed += decision.Label == laterLabels[i] ? 1 : 0;
            }
        }

        Assert.True(student.HeldOut.LowerBound >= 0.9, $"held-out lower bound {student.HeldOut.LowerBound:P2}");
        Assert.True(answered > laterLabels.Length / 4, $"answered {answered} of {laterLabels.Length}");
        Assert.True(agreed / (double)answered >= 0.88, $"agreement on new traffic {agreed / (double)answered:P2}");
    }

    [Fact]
    public void A_label_with_too_few_captures_is_not_learned_and_its_inputs_escalate_or_get_another_label()
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 100, labels: 3, Dimensions, spread: 0.2, noise: 0, seed: 4, rareLabelCount: 3);

        DistilledStudent student = StudentTraining.Train(x, Dimensions, y);

        Assert.Equal(new[] { "label-0", "label-1" }, student.Classifier.Labels);
    }

    [Fact]
    public void Decisions_follow_the_threshold()
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 100, labels: 3, Dimensions, spread: 0.6, noise: 0.05, seed: 5);
        DistilledStudent student = StudentTraining.Train(x, Dimensions, y);

        for (int i = 0; i < y.Length; i++)
        {
            StudentDecision decision = student.Decide(x.AsSpan(i * Dimensions, Dimensions));
            Assert.Equal(decision.Confidence >= student.Threshold, decision.Answers);
            Assert.InRange(decision.Confidence, 1f / 3, 1f);
        }
    }

    [Fact]
    public void Bad_input_is_named()
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 20, labels: 2, Dimensions, spread: 0.2, noise: 0, seed: 6);

        Assert.Throws<ArgumentException>(() => StudentTraining.Train(x.AsSpan(1).ToArray(), Dimensions, y));
        Assert.Throws<ArgumentException>(() => StudentTraining.Train(x, Dimensions, y.Select(_ => "only").ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { TargetAgreement = 1 }));
        Assert.Throws<ArgumentException>(() => StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { Penalties = Array.Empty<double>() }));
        Assert.Throws<ArgumentException>(() => StudentTraining.Train(x, Dimensions, y).Decide(new float[Dimensions + 1]));
    }
}
