using System;

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
}
