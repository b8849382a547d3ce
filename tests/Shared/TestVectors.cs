using System;
using System.Numerics.Tensors;

namespace LlmLint.Testing;

/// <summary>Random, clustered and unit vectors for index and store tests, from a seed.</summary>
internal static class TestVectors
{
    public static float[][] Random(int count, int dims, int seed)
    {
        var random = new Random(seed);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = Gaussian(random, dims);
        }

        return vectors;
    }

    /// <summary>Points scattered tightly around a few random centres (the hard case for graph search).</summary>
    /// <summary>Ids <paramref name="offset"/> .. <paramref name="offset"/> + count − 1.</summary>
    public static long[] Ids(int count, long offset = 0)
    {
        var ids = new long[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = offset + i;
        }

        return ids;
    }

    /// <summary>The vectors as one row-major array.</summary>
    public static float[] RowMajor(float[][] vectors)
    {
        int dims = vectors[0].Length;
        var data = new float[vectors.Length * dims];
        for (int i = 0; i < vectors.Length; i++)
        {
            vectors[i].CopyTo(data, i * dims);
        }

        return data;
    }

    public static float[][] Clustered(int count, int dims, int clusters, float spread, int seed)
    {
        var random = new Random(seed);
        var centres = new float[clusters][];
        for (int c = 0; c < clusters; c++)
        {
            centres[c] = Gaussian(random, dims);
            Normalize(centres[c]);
        }

        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            float[] noise = Gaussian(random, dims);
            Normalize(noise);
            float[] centre = centres[random.Next(clusters)];
            var v = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                v[d] = centre[d] + (spread * noise[d]);
            }

            vectors[i] = v;
        }

        return vectors;
    }

    public static float[] Gaussian(Random random, int dims)
    {
        var v = new float[dims];
        for (int d = 0; d < dims; d++)
        {
            double u1 = 1.0 - random.NextDouble();
            double u2 = random.NextDouble();
            v[d] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return v;
    }

    public static void Normalize(float[] v) => TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);

    public static float[] Unit(int dims, int axis)
    {
        var v = new float[dims];
        v[axis] = 1f;
        return v;
    }
}
