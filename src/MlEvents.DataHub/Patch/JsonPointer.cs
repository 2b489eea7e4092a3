namespace MlEvents.DataHub.Patch;

/// <summary>RFC 6901 JSON pointers, escaped like DataHub's <c>MetadataPatchProposal.quote</c>.</summary>
public static class JsonPointer
{
    /// <summary><c>~</c> → <c>~0</c>, then <c>/</c> → <c>~1</c>.</summary>
    public static string EscapeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary><c>~1</c> → <c>/</c>, then <c>~0</c> → <c>~</c>.</summary>
    public static string UnescapeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>Builds <c>/seg1/seg2…</c> from unescaped segments.</summary>
    public static string Build(params IEnumerable<string> segments) =>
        string.Concat(segments.Select(s => "/" + EscapeSegment(s)));

    /// <summary>Splits a pointer into unescaped segments (<c>""</c> is the whole document).</summary>
    public static IReadOnlyList<string> Parse(string pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw new FormatException($"JSON pointer must start with '/': {pointer}");
        }

        return pointer[1..].Split('/').Select(UnescapeSegment).ToArray();
    }
}
