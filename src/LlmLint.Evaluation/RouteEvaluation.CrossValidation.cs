using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Evaluation;

/// <summary>Seeded splits, folds and out-of-fold scoring: routers are chosen and calibrated on training data only.</summary>
public static partial class RouteEvaluation
{
    /// <summary>Splits indices 0..n−1 with a seeded Fisher–Yates shuffle; returns (train, test), each sorted.</summary>
    public static (int[] Train, int[] Test) Split(int count, double testFraction, int seed)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "At least two samples are needed to split.");
        }

        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }

        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var rng = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int test = Math.Clamp((int)Math.Round(count * testFraction), 1, count - 1);
        var testIdx = order.AsSpan(0, test).ToArray();
        var trainIdx = order.AsSpan(test).ToArray();
        Array.Sort(testIdx);
        Array.Sort(trainIdx);
        return (trainIdx, testIdx);
    }

    /// <summary>
    /// Splits <paramref name="rows"/> into <paramref name="folds"/> disjoint folds with a seeded shuffle; every row is in
    /// exactly one fold, fold sizes differ by at most one, and each fold is sorted.
    /// </summary>
    public static int[][] Folds(int[] rows, int folds, int seed)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        if (folds < 2 || folds > rows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"The fold count must be in [2, {rows.Length}] for {rows.Length} rows.");
        }

        var order = (int[])rows.Clone();
        var rng = new Random(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var result = new int[folds][];
        for (int f = 0; f < folds; f++)
        {
            int from = (int)((long)order.Length * f / folds), to = (int)((long)order.Length * (f + 1) / folds);
            result[f] = order.AsSpan(from, to - from).ToArray();
            Array.Sort(result[f]);
        }

        return result;
    }

    /// <summary>
    /// Cross-fitting: for each fold, trains on the other folds and scores the fold, so every row of
    /// <paramref name="rows"/> gets an out-of-fold score from a model that never saw it. Returns the scores aligned with
    /// <paramref name="rows"/>. Folds run in parallel; the result does not depend on scheduling.
    /// </summary>
    /// <param name="rows">The training rows.</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="fitAndScore">Trains on the first array of rows and returns scores for the second.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static double[] CrossFit(int[] rows, int folds, int seed, Func<int[], int[], double[]> fitAndScore, CancellationToken cancellationToken = default)
    {
        if (fitAndScore is null)
        {
            throw new ArgumentNullException(nameof(fitAndScore));
        }

        int[][] parts = Folds(rows, folds, seed);
        var position = new Dictionary<int, int>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            position[rows[i]] = i;
        }

        var result = new double[rows.Length];
        var fits = new int[folds][];
        for (int f = 0; f < folds; f++)
        {
            var rest = new List<int>(rows.Length);
            for (int g = 0; g < folds; g++)
            {
                if (g != f)
                {
                    rest.AddRange(parts[g]);
                }
            }

            rest.Sort();
            fits[f] = rest.ToArray();
        }

        Parallel.For(0, folds, new ParallelOptions { CancellationToken = cancellationToken }, f =>
        {
            double[] scores = fitAndScore(fits[f], parts[f]);
            if (scores is null || scores.Length != parts[f].Length)
            {
                throw new InvalidOperationException($"The router returned {scores?.Length ?? 0} scores for {parts[f].Length} rows.");
            }

            for (int j = 0; j < parts[f].Length; j++)
            {
                result[position[parts[f][j]]] = scores[j];
            }
        });
        return result;
    }
}
