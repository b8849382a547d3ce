namespace LlmLint.Vectors;

/// <summary>Parameters of a <see cref="HnswVectorIndex"/>.</summary>
public sealed class HnswOptions
{
    /// <summary>Gets or sets the number of links per node on the upper layers (layer 0 keeps twice as many). Default 16.</summary>
    public int M { get; set; } = 16;

    /// <summary>Gets or sets the beam width while inserting; higher builds a better graph more slowly. Default 200.</summary>
    public int EfConstruction { get; set; } = 200;

    /// <summary>Gets or sets the beam width while searching (raised to k when k is larger). Default 64.</summary>
    public int EfSearch { get; set; } = 64;

    /// <summary>Gets or sets the seed of the level assignment, so that the same inserts build the same graph. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Gets or sets the number of dimensions of the projected walk, or 0 (the default) to walk the graph on the full
    /// int8 codes. When positive (at least 8 and below the index's dimensions), the index fits the mean and the top
    /// <c>WalkDimensions</c> principal directions of its stored vectors once it holds <see cref="WalkTrainingSize"/>
    /// of them, and searches walk the graph on int8 codes of the projected vectors (a fraction of the bytes per visited
    /// node); the candidates are still re-ranked by exact float32 similarity. Worth it for real sentence embeddings,
    /// whose variance sits in a few dozen directions; not for isotropic data. Graph construction always uses the full codes.
    /// </summary>
    public int WalkDimensions { get; set; }

    /// <summary>
    /// Gets or sets the number of stored vectors the projection of the walk is fitted on: the fit runs when the index
    /// first holds this many vectors (at least <c>4 × WalkDimensions</c>). Default 10,000. Ignored while
    /// <see cref="WalkDimensions"/> is 0.
    /// </summary>
    public int WalkTrainingSize { get; set; } = DefaultWalkTrainingSize;

    /// <summary>The default of <see cref="WalkTrainingSize"/>.</summary>
    public const int DefaultWalkTrainingSize = 10_000;

    internal void Validate(string paramName)
    {
        if (M < 2)
        {
            throw new ArgumentException($"HnswOptions.M must be at least 2 (was {M}).", paramName);
        }

        if (EfConstruction < 1 || EfSearch < 1)
        {
            throw new ArgumentException($"HnswOptions.EfConstruction and EfSearch must be positive (were {EfConstruction} and {EfSearch}).", paramName);
        }
    }

    /// <summary>Checks <see cref="WalkDimensions"/> and <see cref="WalkTrainingSize"/> against the index's dimensions.</summary>
    internal static void ValidateWalk(int walkDimensions, int walkTrainingSize, int dimensions, string paramName)
    {
        if (walkDimensions != 0 && (walkDimensions < 8 || walkDimensions >= dimensions))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                walkDimensions,
                dimensions > 8
                    ? $"HnswOptions.WalkDimensions must be 0 (off) or between 8 and {dimensions - 1} (below the index's {dimensions} dimensions); it was {walkDimensions}."
                    : $"HnswOptions.WalkDimensions must be 0 (off) for an index of {dimensions} dimensions (a projected walk needs at least 8 and fewer than the index's dimensions); it was {walkDimensions}.");
        }

        int minimum = Math.Max(1, 4 * walkDimensions);
        if (walkTrainingSize < minimum)
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                walkTrainingSize,
                $"HnswOptions.WalkTrainingSize must be at least {minimum} (4 × WalkDimensions {walkDimensions}, and positive); it was {walkTrainingSize}.");
        }
    }
}
