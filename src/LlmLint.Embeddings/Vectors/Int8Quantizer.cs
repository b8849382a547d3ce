using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LlmLint.Vectors;

/// <summary>
/// Symmetric int8 quantisation with one scale per vector (codes in [-127, 127], <c>v ≈ scale · codes</c>), the error
/// terms that bound a quantised dot product, and the integer dot-product kernels (AVX2 with a portable fallback).
/// </summary>
internal static class Int8Quantizer
{
    /// <summary>Quantises a vector symmetrically to [-127, 127] and returns the scale that maps codes back to floats.</summary>
    /// <param name="vector">The vector.</param>
    /// <param name="codes">Receives the codes.</param>
    /// <returns>The scale (max |x| / 127).</returns>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        float maxAbs = Math.Abs(TensorPrimitives.MaxMagnitude(vector));
        if (maxAbs == 0f)
        {
            codes.Clear();
            return 0f;
        }

        float inverse = 127f / maxAbs;
        for (int i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp((int)MathF.Round(vector[i] * inverse), -127, 127);
        }

        return maxAbs / 127f;
    }

    /// <summary>
    /// Returns ‖scale · codes‖ and ‖vector − scale · codes‖, computed in double and rounded up, so that for any query q:
    /// |v·q − scale·codes·q| ≤ residual·‖q‖.
    /// </summary>
    public static (float CodeNorm, float Residual) ErrorTerms(ReadOnlySpan<float> vector, ReadOnlySpan<sbyte> codes, float scale)
    {
        double norm = 0, residual = 0;
        for (int i = 0; i < vector.Length; i++)
        {
            double c = scale * (double)codes[i];
            double r = vector[i] - c;
            norm += c * c;
            residual += r * r;
        }

        return (RoundUp(Math.Sqrt(norm)), RoundUp(Math.Sqrt(residual)));
    }

    /// <summary>Widens int8 codes to int16 (the query side of <see cref="Dot(ref sbyte, ref short, int)"/>).</summary>
    public static void Widen(ReadOnlySpan<sbyte> codes, Span<short> destination)
    {
        for (int i = 0; i < codes.Length; i++)
        {
            destination[i] = codes[i];
        }
    }

    /// <summary>The exact integer dot product of int8 row codes with int16-widened query codes.</summary>
    /// <param name="row">The first row code.</param>
    /// <param name="query">The first widened query code.</param>
    /// <param name="length">The number of codes.</param>
    /// <returns>The dot product (|codes| ≤ 127, so it fits in 32 bits for any practical length).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref sbyte row, ref short query, int length)
    {
        int i = 0;
        int sum = 0;
        if (Avx2.IsSupported && length >= 32)
        {
            Vector256<int> acc0 = Vector256<int>.Zero;
            Vector256<int> acc1 = Vector256<int>.Zero;
            int last = length - 32;
            for (; i <= last; i += 32)
            {
                // vpmovsxbw widens 16 codes to int16; vpmaddwd multiplies pairs and adds adjacent products into int32.
                Vector256<short> x0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, (nuint)i));
                Vector256<short> x1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, (nuint)(i + 16)));
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(x0, Vector256.LoadUnsafe(ref query, (nuint)i)));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(x1, Vector256.LoadUnsafe(ref query, (nuint)(i + 16))));
            }

            sum = Vector256.Sum(Avx2.Add(acc0, acc1));
        }
        else if (Vector.IsHardwareAccelerated && length >= Vector<sbyte>.Count)
        {
            ReadOnlySpan<sbyte> a = MemoryMarshal.CreateReadOnlySpan(ref row, length);
            ReadOnlySpan<short> b = MemoryMarshal.CreateReadOnlySpan(ref query, length);
            var acc = Vector<int>.Zero;
            int last = length - Vector<sbyte>.Count;
            for (; i <= last; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(a.Slice(i)), out Vector<short> low, out Vector<short> high);
                Vector.Widen(low * new Vector<short>(b.Slice(i)), out Vector<int> p0, out Vector<int> p1);
                Vector.Widen(high * new Vector<short>(b.Slice(i + Vector<short>.Count)), out Vector<int> p2, out Vector<int> p3);
                acc += (p0 + p1) + (p2 + p3);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return sum;
    }

    /// <summary>The integer dot product of two int8 code vectors (widened to 16-bit products, 32-bit sums).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int i = 0;
        int sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var acc = Vector<int>.Zero;
            int last = a.Length - Vector<sbyte>.Count;
            for (; i <= last; i += Vector<sbyte>.Count)
            {
                Vector.Widen(new Vector<sbyte>(a.Slice(i)), out Vector<short> aLow, out Vector<short> aHigh);
                Vector.Widen(new Vector<sbyte>(b.Slice(i)), out Vector<short> bLow, out Vector<short> bHigh);
                Vector.Widen(aLow * bLow, out Vector<int> p0, out Vector<int> p1);
                Vector.Widen(aHigh * bHigh, out Vector<int> p2, out Vector<int> p3);
                acc += (p0 + p1) + (p2 + p3);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static float RoundUp(double value) => (float)(value * (1 + 1e-6)) + 1e-9f;
}
