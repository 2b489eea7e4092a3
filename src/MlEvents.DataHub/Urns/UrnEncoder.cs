using System.Text;

namespace MlEvents.DataHub.Urns;

/// <summary>
/// Escapes URN key components the way DataHub's Python <c>UrnEncoder.encode_string</c> does
/// (metadata-ingestion/src/datahub/utilities/urn_encoder.py): the reserved characters
/// <c>,</c> <c>(</c> <c>)</c> become <c>%2C</c> <c>%28</c> <c>%29</c>; everything else is kept.
/// </summary>
public static class UrnEncoder
{
    /// <summary>Characters that break DataHub's tuple-URN parser when left raw.</summary>
    public static readonly IReadOnlySet<char> ReservedChars = new HashSet<char> { ',', '(', ')' };

    /// <summary>Percent-encodes the reserved characters; rejects null, empty and whitespace-only components.</summary>
    public static string EncodeComponent(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (string.IsNullOrWhiteSpace(component))
        {
            throw new ArgumentException("A URN component must not be empty or whitespace.", nameof(component));
        }

        if (component.AsSpan().IndexOfAny(",()") < 0)
        {
            return component;
        }

        var builder = new StringBuilder(component.Length + 8);
        foreach (var c in component)
        {
            builder.Append(c switch
            {
                ',' => "%2C",
                '(' => "%28",
                ')' => "%29",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>True when the component contains a character that must be encoded.</summary>
    public static bool NeedsEncoding(string component) => component.AsSpan().IndexOfAny(",()") >= 0;
}
