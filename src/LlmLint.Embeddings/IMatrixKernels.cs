namespace LlmLint.Embeddings;

/// <summary>
/// The dense kernels the USE-lite forward pass runs on. The CPU implementation (<see cref="CpuMatrixKernels"/>) is the
/// default; another implementation (a GPU library, a BLAS) can be plugged into <see cref="UseLiteCpuBackend"/>.
/// </summary>
internal interface IMatrixKernels
{
    /// <summary>
    /// <c>c[m×n] = a[m×k] · b + bias</c> (or <c>c += a · b + bias</c> when <paramref name="accumulate"/> is true), all
    /// row-major. <paramref name="parallel"/> allows the kernel to split the columns over worker threads.
    /// </summary>
    void MatMul(ReadOnlySpan<float> a, int m, PackedMatrix b, ReadOnlySpan<float> bias, Span<float> c, bool accumulate, bool parallel);
}

/// <summary>
/// A weight matrix <c>[k×n]</c> packed for the SIMD kernels: column panels of <see cref="PanelWidth"/> columns, each
/// panel holding its <c>k</c> rows contiguously, so that a kernel streams one panel while the rows of <c>a</c> stay in
/// registers.
/// </summary>
internal sealed class PackedMatrix
{
    /// <summary>The panel width, in columns.</summary>
    public const int PanelWidth = 16;

    /// <summary>Packs the row-major matrix <paramref name="rowMajor"/> of <paramref name="rows"/>×<paramref name="columns"/>.</summary>
    public PackedMatrix(ReadOnlySpan<float> rowMajor, int rows, int columns)
    {
        if (columns % PanelWidth != 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, $"The column count must be a multiple of {PanelWidth}.");
        if (rowMajor.Length != rows * columns) throw new ArgumentException($"Expected {rows * columns} values, got {rowMajor.Length}.", nameof(rowMajor));
        Rows = rows;
        Columns = columns;
        Data = new float[rows * columns];
        int panels = columns / PanelWidth;
        for (int p = 0; p < panels; p++)
        {
            for (int r = 0; r < rows; r++)
            {
                rowMajor.Slice(r * columns + p * PanelWidth, PanelWidth).CopyTo(Data.AsSpan(p * rows * PanelWidth + r * PanelWidth, PanelWidth));
            }
        }
    }

    /// <summary>The number of rows (the inner dimension <c>k</c>).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (<c>n</c>).</summary>
    public int Columns { get; }

    /// <summary>The panel-packed values.</summary>
    public float[] Data { get; }

    /// <summary>Copies the matrix back to row-major order (for backends that take a plain layout).</summary>
    public float[] ToRowMajor()
    {
        var result = new float[Rows * Columns];
        int panels = Columns / PanelWidth;
        for (int p = 0; p < panels; p++)
        {
            for (int r = 0; r < Rows; r++)
            {
                Data.AsSpan(p * Rows * PanelWidth + r * PanelWidth, PanelWidth).CopyTo(result.AsSpan(r * Columns + p * PanelWidth, PanelWidth));
            }
        }

        return result;
    }
}
