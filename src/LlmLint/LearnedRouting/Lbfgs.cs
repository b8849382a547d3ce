using System.Numerics.Tensors;

namespace LlmLint.LearnedRouting;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives such as L2-regularised
/// logistic regression. Deterministic: the result depends only on the starting point and the objective.
/// </summary>
internal static class Lbfgs
{
    /// <summary>Evaluates the objective at <c>x</c> and writes its gradient into <c>gradient</c>.</summary>
    public delegate double Objective(float[] x, float[] gradient);

    /// <summary>
    /// Minimises <paramref name="objective"/> starting from <paramref name="x"/>, which receives the minimiser.
    /// Stops when the largest gradient component is below <paramref name="tolerance"/>, when a step no longer
    /// decreases the objective, or after <paramref name="maxIterations"/> iterations. Returns the iterations taken.
    /// </summary>
    public static int Minimize(float[] x, Objective objective, int maxIterations, double tolerance, int history)
    {
        int n = x.Length;
        var s = new float[history][];
        var y = new float[history][];
        var rho = new double[history];
        var alpha = new double[history];
        for (int k = 0; k < history; k++)
        {
            s[k] = new float[n];
            y[k] = new float[n];
        }

        var gradient = new float[n];
        var direction = new float[n];
        var candidate = new float[n];
        var candidateGradient = new float[n];
        double f = objective(x, gradient);
        int stored = 0, next = 0, iteration = 0;
        while (iteration < maxIterations)
        {
            if (MaxAbs(gradient) < tolerance)
            {
                break;
            }

            // Two-loop recursion: direction = −H·gradient.
            gradient.AsSpan().CopyTo(direction);
            for (int k = 0; k < stored; k++)
            {
                int j = (next - 1 - k + history) % history;
                alpha[j] = rho[j] * TensorPrimitives.Dot(s[j], direction);
                TensorPrimitives.MultiplyAdd(y[j], (float)-alpha[j], direction, direction);
            }

            // Initial inverse-Hessian scale: sᵀy / yᵀy of the newest pair, or a unit-length first step.
            int last = (next - 1 + history) % history;
            double gamma = stored > 0 ? TensorPrimitives.Dot(s[last], y[last]) / TensorPrimitives.Dot(y[last], y[last]) : InverseNorm(gradient);
            TensorPrimitives.Multiply(direction, (float)gamma, direction);
            for (int k = stored - 1; k >= 0; k--)
            {
                int j = (next - 1 - k + history) % history;
                double beta = rho[j] * TensorPrimitives.Dot(y[j], direction);
                TensorPrimitives.MultiplyAdd(s[j], (float)(alpha[j] - beta), direction, direction);
            }

            TensorPrimitives.Negate(direction, direction);
            double slope = TensorPrimitives.Dot(gradient, direction);
            if (!(slope < 0))
            {
                // Not a descent direction (rounding): restart from steepest descent.
                stored = 0;
                TensorPrimitives.Multiply(gradient, (float)-InverseNorm(gradient), direction);
                slope = TensorPrimitives.Dot(gradient, direction);
            }

            double step = 1, fNew = double.NaN;
            bool accepted = false;
            for (int trial = 0; trial < 40; trial++)
            {
                TensorPrimitives.MultiplyAdd(direction, (float)step, x, candidate);
                fNew = objective(candidate, candidateGradient);
                if (fNew <= f + (1e-4 * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            iteration++;
            if (!accepted)
            {
                break;
            }

            int slot = next;
            TensorPrimitives.Subtract(candidate, x, s[slot]);
            TensorPrimitives.Subtract(candidateGradient, gradient, y[slot]);
            double sy = TensorPrimitives.Dot(s[slot], y[slot]);
            candidate.AsSpan().CopyTo(x);
            candidateGradient.AsSpan().CopyTo(gradient);
            double decrease = f - fNew;
            f = fNew;
            if (sy > 1e-10)
            {
                rho[slot] = 1 / sy;
                next = (next + 1) % history;
                stored = Math.Min(stored + 1, history);
            }

            if (decrease <= 1e-12 * Math.Max(1, Math.Abs(f)))
            {
                break;
            }
        }

        return iteration;
    }

    private static double MaxAbs(float[] values) => Math.Abs(TensorPrimitives.MaxMagnitude(values));

    private static double InverseNorm(float[] values) => 1 / Math.Max(1e-12, Math.Sqrt(TensorPrimitives.Dot(values, values)));
}
