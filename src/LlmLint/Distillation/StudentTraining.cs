using System.Linq;

namespace LlmLint.Distillation;

/// <summary>
/// Trains a student on captured teacher answers: holds out a share of the captures, fits one classifier per L2
/// penalty on the rest, and keeps the one that answers the most held-out captures while their agreement with the
/// teacher keeps a 95% lower bound at or above the target (<see cref="ConfidenceThreshold"/>).
/// </summary>
public static class StudentTraining
{
    /// <summary>Trains a student.</summary>
    /// <param name="embeddings">One embedding per capture, row-major.</param>
    /// <param name="dimensions">The embedding length.</param>
    /// <param name="teacherLabels">The teacher's answer per capture.</param>
    /// <param name="options">The options (defaults when null).</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <returns>The student.</returns>
    /// <exception cref="ArgumentException">The captures are too few, or fewer than two labels have enough of them.</exception>
    public static DistilledStudent Train(ReadOnlySpan<float> embeddings, int dimensions, IReadOnlyList<string> teacherLabels, StudentTrainingOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(teacherLabels);
        options ??= new StudentTrainingOptions();
        options.Validate();
        int count = teacherLabels.Count;
        if (dimensions < 1 || embeddings.Length != count * dimensions)
        {
            throw new ArgumentException($"Expected {count} embeddings of {dimensions} values ({count * dimensions}); got {embeddings.Length} values.", nameof(embeddings));
        }

        // Labels with too few captures are not learned: inputs of those labels escalate.
        string[] labels = teacherLabels.GroupBy(l => l, StringComparer.Ordinal)
            .Where(g => g.Count() >= options.MinCapturesPerLabel)
            .Select(g => g.Key).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        if (labels.Length < 2)
        {
            throw new ArgumentException($"At least two labels need {options.MinCapturesPerLabel} captures each; {labels.Length} do.", nameof(teacherLabels));
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Length; i++)
        {
            index[labels[i]] = i;
        }

        var rows = Enumerable.Range(0, count).Where(i => index.ContainsKey(teacherLabels[i])).ToArray();
        new Random(options.Seed).Shuffle(rows);
        int heldOut = Math.Max(1, (int)Math.Round(rows.Length * options.HeldOutFraction));
        if (rows.Length - heldOut < labels.Length)
        {
            throw new ArgumentException($"{rows.Length} usable captures are too few to train {labels.Length} labels and hold out {heldOut}.", nameof(teacherLabels));
        }

        (float[] trainX, int[] trainY) = Gather(embeddings, dimensions, rows.AsSpan(heldOut), teacherLabels, index);
        (float[] testX, int[] testY) = Gather(embeddings, dimensions, rows.AsSpan(0, heldOut), teacherLabels, index);

        StudentScope? scope = options.ScopeQuantile > 0
            ? StudentScope.Fit(trainX, trainY, labels.Length, dimensions, options.PrototypesPerLabel, options.Seed)
            : null;
        DistilledStudent? best = null;
        foreach (double penalty in options.Penalties)
        {
            StudentClassifier classifier = StudentClassifierTrainer.Train(trainX, trainY.Length, dimensions, trainY, labels, penalty, options.MaxIterations, cancellationToken);
            DistilledStudent candidate = Calibrate(classifier, penalty, testX, testY, options.TargetAgreement, scope, options.ScopeQuantile);
            if (best is null || candidate.HeldOut.Answered > best.HeldOut.Answered)
            {
                best = candidate;
            }
        }

        return best!;
    }

    private static DistilledStudent Calibrate(StudentClassifier classifier, double penalty, float[] x, int[] y, double target, StudentScope? scope, double scopeQuantile)
    {
        int n = y.Length, d = classifier.Dimensions;
        float[] confidences = new float[n];
        float[] support = new float[n];
        bool[] agrees = new bool[n];
        float[] probabilities = new float[classifier.Labels.Count];
        for (int i = 0; i < n; i++)
        {
            int predicted = classifier.Predict(x.AsSpan(i * d, d), probabilities);
            confidences[i] = probabilities[predicted];
            agrees[i] = predicted == y[i];
            support[i] = scope?.Support(x.AsSpan(i * d, d), predicted) ?? 1f;
        }

        float threshold = ConfidenceThreshold.Choose(confidences, agrees, target);

        // The scope's minimum: the chosen quantile of the support of what the confidence threshold lets through.
        scope = scope?.WithMinSimilarity(LowerQuantile(support, confidences, threshold, scopeQuantile));
        int answered = 0, agreed = 0;
        for (int i = 0; i < n; i++)
        {
            if (confidences[i] >= threshold && (scope is null || support[i] >= scope.MinSimilarity))
            {
                answered++;
                agreed += agrees[i] ? 1 : 0;
            }
        }

        return new DistilledStudent(classifier, threshold, penalty, new StudentHeldOutResult(n, answered, agreed, ConfidenceThreshold.WilsonLower(agreed, answered)))
        {
            Scope = scope,
        };
    }

    private static float LowerQuantile(float[] support, float[] confidences, float threshold, double quantile)
    {
        var passed = new List<float>(support.Length);
        for (int i = 0; i < support.Length; i++)
        {
            if (confidences[i] >= threshold)
            {
                passed.Add(support[i]);
            }
        }

        if (passed.Count == 0)
        {
            return float.NegativeInfinity;
        }

        passed.Sort();
        return passed[(int)Math.Floor(quantile * (passed.Count - 1))];
    }

    private static (float[] X, int[] Y) Gather(ReadOnlySpan<float> embeddings, int dimensions, ReadOnlySpan<int> rows, IReadOnlyList<string> labels, Dictionary<string, int> index)
    {
        float[] x = new float[rows.Length * dimensions];
        int[] y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            embeddings.Slice(rows[i] * dimensions, dimensions).CopyTo(x.AsSpan(i * dimensions, dimensions));
            y[i] = index[labels[rows[i]]];
        }

        return (x, y);
    }
}
