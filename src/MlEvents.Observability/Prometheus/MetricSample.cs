namespace MlEvents.Observability.Prometheus;

/// <summary>One series of a family: its labels and either a scalar value or a histogram.</summary>
public sealed record MetricSample(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramData? Histogram = null)
{
    public static MetricSample Scalar(double value, params KeyValuePair<string, string>[] labels) => new(labels, value);

    public static MetricSample Scalar(double value, IReadOnlyList<KeyValuePair<string, string>> labels) => new(labels, value);

    public static MetricSample Of(HistogramData histogram, IReadOnlyList<KeyValuePair<string, string>> labels) => new(labels, 0, histogram);
}
