namespace LlmLint.LearnedRouting;

/// <summary>Builds router feature vectors: the prompt embedding, optionally followed by a scaled one-hot group block.</summary>
public static class RouteFeatures
{
    /// <summary>
    /// Writes <c>[embedding · 1/√(1+w²), onehot(group) · w/√(1+w²)]</c> into <paramref name="destination"/>, which keeps
    /// the vector L2-normalised so cosine similarity becomes <c>(cos + w²·[same group]) / (1 + w²)</c>.
    /// </summary>
    /// <param name="embedding">The L2-normalised prompt embedding.</param>
    /// <param name="group">Group index in [0, groupCount), or −1 for none.</param>
    /// <param name="groupCount">The number of groups (the one-hot block length).</param>
    /// <param name="groupWeight">The weight of the group block relative to the embedding.</param>
    /// <param name="destination">Length <c>embedding.Length + groupCount</c>.</param>
    public static void Write(ReadOnlySpan<float> embedding, int group, int groupCount, float groupWeight, Span<float> destination)
    {
        if (groupCount < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, "The group count must not be negative.");
        }

        if (group < -1 || group >= groupCount)
        {
            throw new ArgumentOutOfRangeException(nameof(group), group, "The group index is outside [−1, groupCount).");
        }

        if (destination.Length != embedding.Length + groupCount)
        {
            throw new ArgumentException($"The destination must have {embedding.Length + groupCount} values.", nameof(destination));
        }

        float scale = 1f / MathF.Sqrt(1f + groupWeight * groupWeight);
        for (int i = 0; i < embedding.Length; i++)
        {
            destination[i] = embedding[i] * scale;
        }

        destination.Slice(embedding.Length).Clear();
        if (group >= 0)
        {
            destination[embedding.Length + group] = groupWeight * scale;
        }
    }
}
