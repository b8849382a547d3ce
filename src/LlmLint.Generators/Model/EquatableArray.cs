using System.Collections;
using System.Collections.Immutable;

namespace LlmLint.Generators.Model;

/// <summary>An immutable array with value equality, so generator models compare by content and cache.</summary>
/// <typeparam name="T">The element type; itself equatable by value.</typeparam>
/// <remarks>Holds no symbols, syntax or compilations: only model values.</remarks>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
    where T : IEquatable<T>
{
    private readonly T[]? items;

    public EquatableArray(T[] items) => this.items = items;

    public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefault ? null : System.Linq.ImmutableArrayExtensions.ToArray(items);

    public static EquatableArray<T> Empty => new(Array.Empty<T>());

    public int Count => items?.Length ?? 0;

    public T this[int index] => items![index];

    public ReadOnlySpan<T> AsSpan() => items;

    public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        if (items is null)
        {
            return 0;
        }

        unchecked
        {
            int hash = 17;
            foreach (T item in items)
            {
                hash = (hash * 31) + (item?.GetHashCode() ?? 0);
            }

            return hash;
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

internal static class EquatableArray
{
    public static EquatableArray<T> From<T>(List<T> items)
        where T : IEquatable<T> => new(items.ToArray());
}
