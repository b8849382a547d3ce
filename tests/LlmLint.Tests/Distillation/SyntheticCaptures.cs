using System;
using System.Collections.Generic;

namespace LlmLint.Tests.Distillation;

/// <summary>Labelled points around one centre per label, with optional label noise: stand-ins for embedded captures.</summary>
internal static class SyntheticCaptures
{
    public static (float[] X, string[] Labels) Make(int perLabel, int labels, int dimensions, double spread, double noise, int seed, int rareLabelCount = 0)
    {
        var random = new Random(seed);
        var centres = new float[labels * dimensions];
        var centreRandom = new Random(1234);
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)(centreRandom.NextDouble() * 2 - 1);
        }

        var x = new List<float>();
        var y = new List<string>();
        for (int label = 0; label < labels; label++)
        {
            int count = label == labels - 1 && rareLabelCount > 0 ? rareLabelCount : perLabel;
            for (int n = 0; n < count; n++)
            {
                for (int d = 0; d < dimensions; d++)
                {
                    x.Add(centres[(label * dimensions) + d] + (float)(Gaussian(random) * spread));
                }

                // With probability 'noise' the teacher answered another label for this point.
                int answered = random.NextDouble() < noise ? (label + 1 + random.Next(labels - 1)) % labels : label;
                y.Add("label-" + answered.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return (x.ToArray(), y.ToArray());
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
