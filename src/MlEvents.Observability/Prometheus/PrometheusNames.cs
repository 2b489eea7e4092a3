using System.Text;

namespace MlEvents.Observability.Prometheus;

/// <summary>Maps arbitrary instrument/tag names onto valid Prometheus metric and label names.</summary>
public static class PrometheusNames
{
    /// <summary>Metric names match <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>; anything else (dots, dashes) becomes '_'.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>Label names match <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>Counter sample name: the base name with a single <c>_total</c> suffix.</summary>
    public static string CounterName(string sanitizedName) =>
        sanitizedName.EndsWith("_total", StringComparison.Ordinal) ? sanitizedName : sanitizedName + "_total";

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        if (IsValid(name, allowColon))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(IsNameChar(c, allowColon) ? c : '_');
        }
        return builder.ToString();
    }

    private static bool IsValid(string name, bool allowColon)
    {
        if (char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c, allowColon))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsNameChar(char c, bool allowColon) =>
        char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
}
