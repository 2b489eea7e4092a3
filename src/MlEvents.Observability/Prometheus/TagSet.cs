using System.Globalization;

namespace MlEvents.Observability.Prometheus;

/// <summary>An immutable, order-insensitive set of instrument tags, pre-rendered as Prometheus labels.</summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([], []);

    private readonly KeyValuePair<string, object?>[] _tags;

    private TagSet(KeyValuePair<string, object?>[] tags, KeyValuePair<string, string>[] labels)
    {
        _tags = tags;
        Labels = labels;
        HashCode = ComputeHash(tags);
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    public int HashCode { get; }

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return Empty;
        }

        var copy = tags.ToArray();
        Array.Sort(copy, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var labels = new KeyValuePair<string, string>[copy.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            labels[i] = new(PrometheusNames.SanitizeLabelName(copy[i].Key), FormatValue(copy[i].Value));
        }
        return new TagSet(copy, labels);
    }

    public static int ComputeHash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Order-insensitive: the same tags passed in another order must find the same series.
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += System.HashCode.Combine(tag.Key, tag.Value);
        }
        return hash;
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (!Contains(tag))
            {
                return false;
            }
        }
        return true;
    }

    public bool Matches(TagSet other) => ReferenceEquals(this, other) || Matches(other._tags);

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal))
            {
                return Equals(own.Value, tag.Value);
            }
        }
        return false;
    }

    private static string FormatValue(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
