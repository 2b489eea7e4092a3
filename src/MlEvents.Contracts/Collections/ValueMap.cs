using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MlEvents.Contracts.Collections;

/// <summary>
/// Immutable string-keyed map with value equality (same keys with equal values, order ignored),
/// so that records holding maps compare by content. Keeps insertion order for deterministic output.
/// </summary>
public sealed class ValueMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ValueMap<TValue>>
{
    public static readonly ValueMap<TValue> Empty = new(new Dictionary<string, TValue>(0, StringComparer.Ordinal));

    private readonly Dictionary<string, TValue> _items;

    private ValueMap(Dictionary<string, TValue> items) => _items = items;

    /// <summary>Takes ownership of <paramref name="items"/>: the caller must not change it afterwards.</summary>
    internal static ValueMap<TValue> Wrap(Dictionary<string, TValue> items) => items.Count == 0 ? Empty : new(items);

    public static ValueMap<TValue> From(IEnumerable<KeyValuePair<string, TValue>>? items)
    {
        switch (items)
        {
            case null:
                return Empty;
            case ValueMap<TValue> map:
                return map;
            case IReadOnlyCollection<KeyValuePair<string, TValue>> { Count: 0 }:
                return Empty;
        }
        var copy = new Dictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            copy[key] = value;
        }
        return Wrap(copy);
    }

    public TValue this[string key] => _items[key];
    public IEnumerable<string> Keys => _items.Keys;
    public IEnumerable<TValue> Values => _items.Values;
    public int Count => _items.Count;
    public bool ContainsKey(string key) => _items.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<TValue>? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null || other.Count != Count) return false;
        var comparer = EqualityComparer<TValue>.Default;
        foreach (var (key, value) in _items)
        {
            if (!other._items.TryGetValue(key, out var otherValue) || !comparer.Equals(value, otherValue)) return false;
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is ValueMap<TValue> other && Equals(other);

    public override int GetHashCode()
    {
        // Order-independent: XOR of the entry hashes.
        var hash = Count;
        foreach (var (key, value) in _items)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value);
        }
        return hash;
    }

    public override string ToString() => "{" + string.Join(", ", _items.Select(kv => $"{kv.Key}={kv.Value}")) + "}";
}

/// <summary>Factory helpers for <see cref="ValueMap{TValue}"/>.</summary>
public static class ValueMap
{
    public static ValueMap<TValue> Of<TValue>(IEnumerable<KeyValuePair<string, TValue>>? items) => ValueMap<TValue>.From(items);
}
