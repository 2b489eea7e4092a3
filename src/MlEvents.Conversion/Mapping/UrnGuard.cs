using System.Text;

namespace MlEvents.Conversion.Mapping;

/// <summary>
/// The checks GMS applies to every URN it writes (<c>UrnValidationUtil.validateUrn</c> in DataHub's metadata-utils):
/// at most 512 bytes once URL-encoded (Java <c>URLEncoder</c>), no <c>␟</c>, no leading or trailing whitespace.
/// Failing them here names the event field instead of a dead-lettered MCP.
/// </summary>
internal static class UrnGuard
{
    public const int MaxEncodedBytes = 512;
    public const char DelimiterSeparator = '\u241F';

    public static string Check(string urn, string field)
    {
        if (urn.Contains(DelimiterSeparator, StringComparison.Ordinal))
        {
            throw new ConversionException(field, $"contains '{DelimiterSeparator}' (U+241F), which DataHub reserves as a URN delimiter");
        }

        if (urn.Length != urn.Trim().Length)
        {
            throw new ConversionException(field, "ends in whitespace, which DataHub rejects in a URN");
        }

        var encoded = JavaUrlEncodedLength(urn);
        if (encoded > MaxEncodedBytes)
        {
            throw new ConversionException(field, $"makes the URN '{Shorten(urn)}' {encoded} bytes long when URL-encoded, more than DataHub's limit of {MaxEncodedBytes}");
        }

        return urn;
    }

    /// <summary>Length of <c>java.net.URLEncoder.encode(s, UTF-8)</c>: a-z A-Z 0-9 . - * _ and space stay one byte, the rest %XX per UTF-8 byte.</summary>
    public static int JavaUrlEncodedLength(string value)
    {
        var length = 0;
        foreach (var c in value)
        {
            if (c >= 0x80)
            {
                return JavaUrlEncodedLengthOfRunes(value);
            }

            length += c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '*' or '_' or ' ' ? 1 : 3;
        }

        return length;
    }

    private static int JavaUrlEncodedLengthOfRunes(string value)
    {
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            length += rune.Value is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '*' or '_' or ' '
                ? 1
                : 3 * rune.Utf8SequenceLength;
        }

        return length;
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
