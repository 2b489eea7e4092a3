using MlEvents.Observability.Prometheus;

namespace MlEvents.Observability.Tests.Prometheus;

public sealed class PrometheusTextFormatTests
{
    private static KeyValuePair<string, string> L(string name, string value) => new(name, value);

    [Fact]
    public void Counter_gets_total_suffix_once_and_help_and_type_lines_name_the_sample()
    {
        var families = new[]
        {
            new MetricFamily("mlevents.events.consumed", "Events consumed.", MetricType.Counter,
                [MetricSample.Scalar(3, L("event_type", "JobStarted")), MetricSample.Scalar(1.5, L("event_type", "JobFailed"))]),
            new MetricFamily("mlevents_retries_total", "", MetricType.Counter, [MetricSample.Scalar(0)]),
        };

        const string expected =
            "# HELP mlevents_events_consumed_total Events consumed.\n" +
            "# TYPE mlevents_events_consumed_total counter\n" +
            "mlevents_events_consumed_total{event_type=\"JobStarted\"} 3\n" +
            "mlevents_events_consumed_total{event_type=\"JobFailed\"} 1.5\n" +
            "# TYPE mlevents_retries_total counter\n" +
            "mlevents_retries_total 0\n";
        Assert.Equal(expected, PrometheusTextFormat.Render(families));
    }

    [Fact]
    public void Gauge_renders_labels_in_given_order_and_special_values()
    {
        var family = new MetricFamily("kafka_consumergroup_group_lag", "Lag.", MetricType.Gauge,
        [
            MetricSample.Scalar(42, L("group", "g"), L("topic", "t"), L("partition", "0")),
            MetricSample.Scalar(double.PositiveInfinity, L("group", "inf")),
            MetricSample.Scalar(double.NaN, L("group", "nan")),
            MetricSample.Scalar(-0.25, L("group", "neg")),
        ]);

        const string expected =
            "# HELP kafka_consumergroup_group_lag Lag.\n" +
            "# TYPE kafka_consumergroup_group_lag gauge\n" +
            "kafka_consumergroup_group_lag{group=\"g\",topic=\"t\",partition=\"0\"} 42\n" +
            "kafka_consumergroup_group_lag{group=\"inf\"} +Inf\n" +
            "kafka_consumergroup_group_lag{group=\"nan\"} NaN\n" +
            "kafka_consumergroup_group_lag{group=\"neg\"} -0.25\n";
        Assert.Equal(expected, PrometheusTextFormat.Render([family]));
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inf_sum_and_count()
    {
        // 1 observation <= 0.1, 2 in (0.1, 1], 0 in (1, 5], 1 above 5.
        var histogram = new HistogramData([0.1, 1, 5], [1, 2, 0, 1], Sum: 7.75);
        var family = new MetricFamily("mlevents_processing_seconds", "Processing time.", MetricType.Histogram,
            [MetricSample.Of(histogram, [L("stage", "convert")])]);

        const string expected =
            "# HELP mlevents_processing_seconds Processing time.\n" +
            "# TYPE mlevents_processing_seconds histogram\n" +
            "mlevents_processing_seconds_bucket{stage=\"convert\",le=\"0.1\"} 1\n" +
            "mlevents_processing_seconds_bucket{stage=\"convert\",le=\"1\"} 3\n" +
            "mlevents_processing_seconds_bucket{stage=\"convert\",le=\"5\"} 3\n" +
            "mlevents_processing_seconds_bucket{stage=\"convert\",le=\"+Inf\"} 4\n" +
            "mlevents_processing_seconds_sum{stage=\"convert\"} 7.75\n" +
            "mlevents_processing_seconds_count{stage=\"convert\"} 4\n";
        Assert.Equal(expected, PrometheusTextFormat.Render([family]));
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_help_escapes_backslash_and_newline()
    {
        var family = new MetricFamily("m", "line1\nC:\\path \"quoted\"", MetricType.Gauge,
            [MetricSample.Scalar(1, L("reason", "a\\b \"c\"\nd"))]);

        const string expected =
            "# HELP m line1\\nC:\\\\path \"quoted\"\n" +
            "# TYPE m gauge\n" +
            "m{reason=\"a\\\\b \\\"c\\\"\\nd\"} 1\n";
        Assert.Equal(expected, PrometheusTextFormat.Render([family]));
    }

    [Theory]
    [InlineData("mlevents.events.consumed", "mlevents_events_consumed")]
    [InlineData("http-server/requests", "http_server_requests")]
    [InlineData("9lives", "_9lives")]
    [InlineData("ok_name:sub", "ok_name:sub")]
    public void Metric_names_are_sanitised(string input, string expected) =>
        Assert.Equal(expected, PrometheusNames.SanitizeMetricName(input));

    [Theory]
    [InlineData("event.type", "event_type")]
    [InlineData("a:b", "a_b")]
    [InlineData("1st", "_1st")]
    public void Label_names_are_sanitised_without_colons(string input, string expected) =>
        Assert.Equal(expected, PrometheusNames.SanitizeLabelName(input));

    [Fact]
    public void Histogram_with_wrong_number_of_bucket_counts_is_rejected()
    {
        var family = new MetricFamily("h", "", MetricType.Histogram, [MetricSample.Of(new HistogramData([1, 2], [1, 1], 0), [])]);
        Assert.Throws<InvalidOperationException>(() => PrometheusTextFormat.Render([family]));
    }
}
