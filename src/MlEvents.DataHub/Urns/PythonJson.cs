using System.Globalization;
using System.Text;

namespace MlEvents.DataHub.Urns;

/// <summary>
/// Reproduces Python's <c>json.dumps(obj, separators=(",", ":"), sort_keys=True)</c> (ensure_ascii on)
/// for flat string-valued key objects, which is what DataHub hashes into guids.
/// </summary>
internal static class PythonJson
{
    public static string DumpsSortedCompact(IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var builder = new StringBuilder("{");
        var first = true;
        // Python sorts str keys by code point; ordinal comparison of UTF-16 differs only for
        // astral-plane keys, which DataHub key objects never use.
        foreach (var (key, value) in fields.Where(f => f.Value is not null).OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                builder.Append(',');
            }

            first = false;
            AppendString(builder, key);
            builder.Append(':');
            AppendString(builder, value!);
        }

        return builder.Append('}').ToString();
    }

    /// <summary>Python's ASCII-only string encoder (json.encoder.py_encode_basestring_ascii).</summary>
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        // .NET strings are UTF-16, so a non-BMP character already arrives as the
                        // surrogate pair Python writes as two \uXXXX escapes.
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>Byte length of <see cref="WriteSortedCompactAscii"/>'s output (the output is pure ASCII).</summary>
    public static int SortedCompactAsciiLength(ReadOnlySpan<(string Key, string? Value)> fields)
    {
        var length = 2; // { }
        var count = 0;
        foreach (var (key, value) in fields)
        {
            if (value is null)
            {
                continue;
            }

            length += EscapedLength(key) + 1 + EscapedLength(value);
            count++;
        }

        return length + Math.Max(0, count - 1);
    }

    /// <summary>
    /// The same text as <see cref="DumpsSortedCompact"/> for the same fields, as ASCII bytes into
    /// <paramref name="destination"/> (exactly <see cref="SortedCompactAsciiLength"/> long).
    /// </summary>
    public static void WriteSortedCompactAscii(ReadOnlySpan<(string Key, string? Value)> fields, Span<byte> destination)
    {
        // Key objects have two or three fields: pick the next smallest key each round instead of sorting a copy.
        var position = 0;
        destination[position++] = (byte)'{';
        string? previous = null;
        var first = true;
        while (true)
        {
            var next = -1;
            for (var i = 0; i < fields.Length; i++)
            {
                if (fields[i].Value is null || (previous is not null && string.CompareOrdinal(fields[i].Key, previous) <= 0))
                {
                    continue;
                }

                if (next < 0 || string.CompareOrdinal(fields[i].Key, fields[next].Key) < 0)
                {
                    next = i;
                }
            }

            if (next < 0)
            {
                break;
            }

            if (!first)
            {
                destination[position++] = (byte)',';
            }

            first = false;
            position += WriteString(fields[next].Key, destination[position..]);
            destination[position++] = (byte)':';
            position += WriteString(fields[next].Value!, destination[position..]);
            previous = fields[next].Key;
        }

        destination[position] = (byte)'}';
    }

    private static int EscapedLength(string value)
    {
        var length = 2;
        foreach (var c in value)
        {
            length += c switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
                < ' ' or > '~' => 6,
                _ => 1,
            };
        }

        return length;
    }

    private static int WriteString(string value, Span<byte> destination)
    {
        var position = 0;
        destination[position++] = (byte)'"';
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': destination[position++] = (byte)'\\'; destination[position++] = (byte)'"'; break;
                case '\\': destination[position++] = (byte)'\\'; destination[position++] = (byte)'\\'; break;
                case '\n': destination[position++] = (byte)'\\'; destination[position++] = (byte)'n'; break;
                case '\r': destination[position++] = (byte)'\\'; destination[position++] = (byte)'r'; break;
                case '\t': destination[position++] = (byte)'\\'; destination[position++] = (byte)'t'; break;
                case '\b': destination[position++] = (byte)'\\'; destination[position++] = (byte)'b'; break;
                case '\f': destination[position++] = (byte)'\\'; destination[position++] = (byte)'f'; break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        destination[position++] = (byte)'\\';
                        destination[position++] = (byte)'u';
                        ((int)c).TryFormat(destination.Slice(position, 4), out _, "x4", CultureInfo.InvariantCulture);
                        position += 4;
                    }
                    else
                    {
                        destination[position++] = (byte)c;
                    }

                    break;
            }
        }

        destination[position++] = (byte)'"';
        return position;
    }
}
