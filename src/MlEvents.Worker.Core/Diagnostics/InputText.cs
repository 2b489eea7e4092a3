using System.Globalization;
using System.Text;

namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// Makes text that came from an input (a reason quoting map keys, an exception message) safe for a log line or a header:
/// every control character (C0, C1, so also CR/LF and the ESC of ANSI sequences), format character (bidirectional
/// marks and overrides, zero-width characters, tags), line/paragraph separator, private-use or unpaired surrogate
/// code point becomes <c>\uXXXX</c> (<c>\U00XXXXXX</c> beyond the BMP), and <c>\</c> becomes <c>\\</c>, so the escaping
/// can be undone exactly. The result is cut at a bound with a marker saying how long the text was.
/// </summary>
public static class InputText
{
    /// <summary>Bound for a reason in a log line.</summary>
    public const int LogLimit = 1024;

    /// <summary>Bound for the <c>mlevents.error.reason</c> header (the full escaped reason whenever it is this short).</summary>
    public const int HeaderLimit = 16 * 1024;

    /// <summary>Escapes <paramref name="text"/> and cuts the result at <paramref name="maxChars"/> (marker included).</summary>
    public static string Escape(string? text, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 64);
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsPlain(text) && text.Length <= maxChars)
        {
            return text;
        }

        var builder = new StringBuilder(Math.Min(text.Length, maxChars) + 16);
        var limit = maxChars - 48; // room for the truncation marker
        var cut = 0;               // output length at the last piece boundary within the limit
        var index = 0;
        while (index < text.Length && builder.Length <= maxChars)
        {
            builder.Append(EscapedPiece(text, index, out var consumed));
            index += consumed;
            if (builder.Length <= limit)
            {
                cut = builder.Length;
            }
        }

        if (index == text.Length && builder.Length <= maxChars)
        {
            return builder.ToString();
        }

        builder.Length = cut;
        builder.Append(CultureInfo.InvariantCulture, $"…[truncated: {text.Length} characters in all]");
        return builder.ToString();
    }

    /// <summary>True when the text needs no escaping (the common case: no copy is made).</summary>
    public static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (c == '\\' || NeedsEscape(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string EscapedPiece(string text, int index, out int consumed)
    {
        var c = text[index];
        consumed = 1;
        if (c == '\\')
        {
            return @"\\";
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            consumed = 2;
            var codePoint = char.ConvertToUtf32(c, text[index + 1]);
            var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
            return IsUnsafe(category)
                ? string.Create(CultureInfo.InvariantCulture, $"\\U{codePoint:X8}")
                : text.Substring(index, 2);
        }

        return NeedsEscape(c) ? string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}") : c.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || char.IsSurrogate(c) || IsUnsafe(CharUnicodeInfo.GetUnicodeCategory(c));

    private static bool IsUnsafe(UnicodeCategory category) => category is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or
        UnicodeCategory.OtherNotAssigned;
}
