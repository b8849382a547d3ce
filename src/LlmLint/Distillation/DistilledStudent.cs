using System.Buffers;

namespace LlmLint.Distillation;

/// <summary>What the student says about one input: its label and confidence, and whether it may answer.</summary>
/// <param name="Label">The most probable label.</param>
/// <param name="Confidence">Its probability.</param>
/// <param name="Answers">Whether the confidence reaches the threshold (answer locally) or not (escalate to the teacher).</param>
public readonly record struct StudentDecision(string Label, float Confidence, bool Answers);

/// <summary>A trained student: the classifier, its confidence threshold, where it has seen inputs, and what held-out captures showed.</summary>
/// <param name="Classifier">The classifier.</param>
/// <param name="Threshold">Answer locally at or above this confidence.</param>
/// <param name="Penalty">The L2 penalty chosen.</param>
/// <param name="HeldOut">The held-out captures' result at the threshold.</param>
public sealed record DistilledStudent(StudentClassifier Classifier, float Threshold, double Penalty, StudentHeldOutResult HeldOut)
{
    /// <summary>Gets where the student has seen inputs (null: no check, confidence alone decides).</summary>
    /// <remarks>An input unlike every capture of the predicted label escalates however confident the classifier is.</remarks>
    public StudentScope? Scope { get; init; }

    /// <summary>Decides on one embedding.</summary>
    /// <param name="embedding">The input's embedding.</param>
    /// <returns>The decision.</returns>
    public StudentDecision Decide(ReadOnlySpan<float> embedding)
    {
        int labels = Classifier.Labels.Count;
        float[]? rented = labels > 256 ? ArrayPool<float>.Shared.Rent(labels) : null;
        Span<float> probabilities = rented is null ? stackalloc float[labels] : rented.AsSpan(0, labels);
        try
        {
            int best = Classifier.Predict(embedding, probabilities);
            float confidence = probabilities[best];
            bool answers = confidence >= Threshold && (Scope is null || Scope.Admits(embedding, best));
            return new StudentDecision(Classifier.Labels[best], confidence, answers);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>The student on the held-out captures at its threshold.</summary>
/// <param name="Captures">Held-out captures.</param>
/// <param name="Answered">How many it would answer locally.</param>
/// <param name="Agreed">How many of those equal the teacher's answer.</param>
/// <param name="LowerBound">The 95% lower confidence bound of the agreement.</param>
public sealed record StudentHeldOutResult(int Captures, int Answered, int Agreed, double LowerBound)
{
    /// <summary>Gets the share of held-out captures answered locally.</summary>
    public double Coverage => Captures == 0 ? 0 : Answered / (double)Captures;

    /// <summary>Gets the agreement with the teacher on the answered captures.</summary>
    public double Agreement => Answered == 0 ? 0 : Agreed / (double)Answered;
}
