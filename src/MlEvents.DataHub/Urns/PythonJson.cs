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
}
