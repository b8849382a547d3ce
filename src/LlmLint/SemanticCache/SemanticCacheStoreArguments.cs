using System.Globalization;
using System.Text;
using LlmLint.Vectors;

namespace LlmLint.SemanticCache;

/// <summary>
/// The argument checks every <see cref="ISemanticCacheStore"/> makes, for implementations outside this assembly (the SQLite
/// and PostgreSQL packages, your own store) so that every store rejects the same input with the same error.
/// </summary>
public static class SemanticCacheStoreArguments
{
    /// <summary>Checks the arguments of <see cref="ISemanticCacheStore.AddAsync"/>.</summary>
    /// <param name="partition">The partition; not <see langword="default"/>.</param>
    /// <param name="keyText">The key text; not null.</param>
    /// <param name="vector">The embedding: <paramref name="dimensions"/> finite values, not all zero.</param>
    /// <param name="dimensions">The store's dimensionality.</param>
    /// <param name="tags">The tags (see <see cref="CheckTags"/>), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public static void Check(SemanticPartition partition, string keyText, ReadOnlySpan<float> vector, int dimensions, IReadOnlyCollection<string>? tags)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        SemanticPartition.Validate(partition, nameof(partition));
        VectorValidation.Validate(vector, dimensions, nameof(vector));
        CheckTags(tags);
    }

    /// <summary>Checks the arguments of <see cref="ISemanticCacheStore.SearchAsync"/>.</summary>
    /// <param name="partition">The partition; not <see langword="default"/>.</param>
    /// <param name="vector">The query embedding: <paramref name="dimensions"/> finite values, not all zero.</param>
    /// <param name="threshold">The minimum similarity, within [-1, 1].</param>
    /// <param name="k">The number of results, within 1..1000.</param>
    /// <param name="dimensions">The store's dimensionality.</param>
    /// <exception cref="ArgumentException">An argument is invalid; the message names it.</exception>
    public static void CheckSearch(SemanticPartition partition, ReadOnlySpan<float> vector, float threshold, int k, int dimensions)
    {
        SemanticPartition.Validate(partition, nameof(partition));
        VectorValidation.Validate(vector, dimensions, nameof(vector));
        if (float.IsNaN(threshold) || threshold < -1f || threshold > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The similarity threshold must be within [-1, 1].");
        }

        if (k < 1 || k > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be between 1 and 1000.");
        }
    }

    /// <summary>Checks a partition argument (<see cref="ISemanticCacheStore.DeleteAsync"/>, <see cref="ISemanticCacheStore.InvalidatePartitionAsync"/>).</summary>
    /// <param name="partition">The partition; not <see langword="default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="partition"/> is <see langword="default"/>.</exception>
    public static void CheckPartition(SemanticPartition partition) => SemanticPartition.Validate(partition, nameof(partition));

    /// <summary>Rejects a null tag and a tag holding a control character (a newline would split it when it is stored).</summary>
    /// <param name="tags">The tags, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A tag is null or holds a control character.</exception>
    public static void CheckTags(IEnumerable<string>? tags)
    {
        if (tags is null)
        {
            return;
        }

        foreach (string? tag in tags)
        {
            if (tag is null)
            {
                throw new ArgumentException("A tag is null.", nameof(tags));
            }

            foreach (char c in tag)
            {
                if (char.IsControl(c))
                {
                    throw new ArgumentException($"The tag \"{Escape(tag)}\" contains the control character U+{(int)c:X4}; tags must not contain control characters.", nameof(tags));
                }
            }
        }
    }

    private static string Escape(string tag)
    {
        var builder = new StringBuilder(tag.Length + 8);
        foreach (char c in tag)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
