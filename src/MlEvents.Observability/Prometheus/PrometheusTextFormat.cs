using System.Globalization;
using System.Text;

namespace MlEvents.Observability.Prometheus;

/// <summary>Renders metric families in the Prometheus text exposition format, version 0.0.4.</summary>
public static class PrometheusTextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricFamily> families)
    {
        var builder = new StringBuilder();
        foreach (var family in families)
        {
            Append(builder, family);
        }
        return builder.ToString();
    }

    public static void Append(StringBuilder builder, MetricFamily family)
    {
        var name = PrometheusNames.SanitizeMetricName(family.Name);
        var sampleName = family.Type == MetricType.Counter ? PrometheusNames.CounterName(name) : name;
        // In format 0.0.4 (unlike OpenMetrics) HELP/TYPE must carry the exact sample name, _total included.
        var familyName = sampleName;

        if (!string.IsNullOrEmpty(family.Help))
        {
            builder.Append("# HELP ").Append(familyName).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        }
        builder.Append("# TYPE ").Append(familyName).Append(' ').Append(TypeName(family.Type)).Append('\n');

        foreach (var sample in family.Samples)
        {
            if (family.Type == MetricType.Histogram)
            {
                AppendHistogram(builder, name, sample);
            }
            else
            {
                AppendLine(builder, sampleName, sample.Labels, extraLabel: null, sample.Value);
            }
        }
    }

    public static string FormatValue(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }
        if (double.IsNaN(value))
        {
            return "NaN";
        }
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string EscapeLabelValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', '"', '\n') < 0)
        {
            return value;
        }
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static void AppendHistogram(StringBuilder builder, string name, MetricSample sample)
    {
        var histogram = sample.Histogram ?? throw new InvalidOperationException($"Histogram family {name} has a sample without histogram data.");
        if (histogram.BucketCounts.Count != histogram.UpperBounds.Count + 1)
        {
            throw new InvalidOperationException($"Histogram {name}: expected {histogram.UpperBounds.Count + 1} bucket counts, got {histogram.BucketCounts.Count}.");
        }

        long cumulative = 0;
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            AppendLine(builder, name + "_bucket", sample.Labels, new("le", FormatValue(histogram.UpperBounds[i])), cumulative);
        }
        cumulative += histogram.BucketCounts[^1];
        AppendLine(builder, name + "_bucket", sample.Labels, new("le", "+Inf"), cumulative);
        AppendLine(builder, name + "_sum", sample.Labels, extraLabel: null, histogram.Sum);
        AppendLine(builder, name + "_count", sample.Labels, extraLabel: null, cumulative);
    }

    private static void AppendLine(
        StringBuilder builder,
        string name,
        IReadOnlyList<KeyValuePair<string, string>> labels,
        KeyValuePair<string, string>? extraLabel,
        double value)
    {
        builder.Append(name);
        if (labels.Count > 0 || extraLabel is not null)
        {
            builder.Append('{');
            var first = true;
            foreach (var label in labels)
            {
                AppendLabel(builder, label, ref first);
            }
            if (extraLabel is { } extra)
            {
                AppendLabel(builder, extra, ref first);
            }
            builder.Append('}');
        }
        builder.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static void AppendLabel(StringBuilder builder, KeyValuePair<string, string> label, ref bool first)
    {
        if (!first)
        {
            builder.Append(',');
        }
        first = false;
        builder.Append(PrometheusNames.SanitizeLabelName(label.Key))
            .Append("=\"")
            .Append(EscapeLabelValue(label.Value))
            .Append('"');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => "untyped",
    };
}
