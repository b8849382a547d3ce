namespace LlmLint.Evaluation;

/// <summary>The stacked router: standardised base scores combined by least squares on out-of-fold training scores.</summary>
public static partial class RouteEvaluation
{
    // Standardises test and out-of-fold scores separately (no labels involved) so scores of different routers can be summed.
    private static (double[] Test, double[] OutOfFold) Standardise((double[] Test, double[] OutOfFold) scores)
        => (Standardise(scores.Test), Standardise(scores.OutOfFold));

    private static double[] Standardise(double[] values)
    {
        double mean = 0, sq = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        foreach (double v in values)
        {
            sq += (v - mean) * (v - mean);
        }

        double sd = Math.Sqrt(sq / values.Length);
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = sd > 0 ? (values[i] - mean) / sd : 0;
        }

        return result;
    }

    // Least squares of the quality gap on the out-of-fold base scores (with an intercept, dropped from the result).
    private static double[] FitStack((double[] Test, double[] OutOfFold)[] bases, int[] train, double[] strongQ, double[] weakQ)
    {
        int p = bases.Length + 1;
        var xtx = new double[p, p];
        var xty = new double[p];
        var x = new double[p];
        for (int j = 0; j < train.Length; j++)
        {
            x[0] = 1;
            for (int b = 0; b < bases.Length; b++)
            {
                x[b + 1] = bases[b].OutOfFold[j];
            }

            double y = strongQ[train[j]] - weakQ[train[j]];
            for (int r = 0; r < p; r++)
            {
                xty[r] += x[r] * y;
                for (int c = 0; c < p; c++)
                {
                    xtx[r, c] += x[r] * x[c];
                }
            }
        }

        for (int r = 1; r < p; r++)
        {
            xtx[r, r] += 1e-6 * train.Length; // a touch of ridge keeps collinear scores solvable
        }

        double[] beta = Solve(xtx, xty);
        var weights = new double[bases.Length];
        Array.Copy(beta, 1, weights, 0, bases.Length);
        return weights;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int c = 0; c < n; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }

            (v[col], v[pivot]) = (v[pivot], v[col]);
            double d = m[col, col];
            if (Math.Abs(d) < 1e-15)
            {
                continue;
            }

            for (int r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                double f = m[r, col] / d;
                for (int c = col; c < n; c++)
                {
                    m[r, c] -= f * m[col, c];
                }

                v[r] -= f * v[col];
            }
        }

        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = Math.Abs(m[i, i]) < 1e-15 ? 0 : v[i] / m[i, i];
        }

        return result;
    }

    private static double[] Combine((double[] Test, double[] OutOfFold)[] bases, double[] weights, bool test)
    {
        int length = test ? bases[0].Test.Length : bases[0].OutOfFold.Length;
        var result = new double[length];
        for (int b = 0; b < bases.Length; b++)
        {
            double[] values = test ? bases[b].Test : bases[b].OutOfFold;
            for (int i = 0; i < length; i++)
            {
                result[i] += weights[b] * values[i];
            }
        }

        return result;
    }

    private static double[] Sum(double[] a, double[] b, double[] c)
    {
        var result = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = a[i] + b[i] + c[i];
        }

        return result;
    }
}
