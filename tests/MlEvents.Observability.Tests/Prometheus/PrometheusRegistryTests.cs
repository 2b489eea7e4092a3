using System.Diagnostics.Metrics;
using MlEvents.Observability.Prometheus;

namespace MlEvents.Observability.Tests.Prometheus;

public sealed class PrometheusRegistryTests : IDisposable
{
    private readonly string _meterName = $"Test.{Guid.NewGuid():N}";
    private readonly Meter _meter;
    private readonly PrometheusRegistry _registry;

    public PrometheusRegistryTests()
    {
        _meter = new Meter(_meterName);
        _registry = new PrometheusRegistry(_meterName);
    }

    public void Dispose()
    {
        _registry.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_aggregates_per_tag_set_regardless_of_tag_order()
    {
        var counter = _meter.CreateCounter<long>("mlevents.events.dead_lettered", description: "Dead-lettered events.");
        counter.Add(1, new("stage", "convert"), new("reason", "schema"));
        counter.Add(2, new("reason", "schema"), new("stage", "convert"));
        counter.Add(5, new("stage", "produce"), new("reason", "too_large"));

        var text = _registry.Render();

        Assert.Contains("# TYPE mlevents_events_dead_lettered_total counter\n", text);
        Assert.Contains("mlevents_events_dead_lettered_total{reason=\"schema\",stage=\"convert\"} 3\n", text);
        Assert.Contains("mlevents_events_dead_lettered_total{reason=\"too_large\",stage=\"produce\"} 5\n", text);
    }

    [Fact]
    public void Instruments_of_other_meters_are_ignored()
    {
        using var other = new Meter($"Other.{Guid.NewGuid():N}");
        other.CreateCounter<long>("foreign.counter").Add(1);
        _meter.CreateCounter<long>("own.counter").Add(1);

        var text = _registry.Render();

        Assert.Contains("own_counter_total 1\n", text);
        Assert.DoesNotContain("foreign", text);
    }

    [Fact]
    public void UpDownCounter_is_a_gauge_that_can_go_down()
    {
        var assigned = _meter.CreateUpDownCounter<int>("mlevents.assigned_partitions");
        assigned.Add(4);
        assigned.Add(-1);

        var text = _registry.Render();

        Assert.Contains("# TYPE mlevents_assigned_partitions gauge\n", text);
        Assert.Contains("mlevents_assigned_partitions 3\n", text);
    }

    [Fact]
    public void Observable_gauge_reports_current_values_and_drops_series_no_longer_observed()
    {
        var values = new List<Measurement<double>> { new(0.5, new KeyValuePair<string, object?>("producer", "a")), new(0.25, new KeyValuePair<string, object?>("producer", "b")) };
        _meter.CreateObservableGauge("mlevents.producer.queue_fill_ratio", () => values.ToArray());

        var first = _registry.Render();
        values.RemoveAt(1);
        values[0] = new(0.75, new KeyValuePair<string, object?>("producer", "a"));
        var second = _registry.Render();

        Assert.Contains("mlevents_producer_queue_fill_ratio{producer=\"b\"} 0.25\n", first);
        Assert.Contains("mlevents_producer_queue_fill_ratio{producer=\"a\"} 0.75\n", second);
        Assert.DoesNotContain("producer=\"b\"", second);
    }

    [Fact]
    public void Observable_counter_is_exported_as_counter_with_the_observed_cumulative_value()
    {
        long total = 10;
        _meter.CreateObservableCounter("app.bytes", () => total);

        Assert.Contains("app_bytes_total 10\n", _registry.Render());
        total = 25;
        Assert.Contains("app_bytes_total 25\n", _registry.Render());
    }

    [Fact]
    public void Histogram_uses_advice_buckets_and_counts_values_on_a_bound_into_that_bucket()
    {
        var histogram = _meter.CreateHistogram<double>("mlevents.processing.seconds", unit: "s", description: "Processing.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        foreach (var value in new[] { 0.005, 0.01, 0.05, 0.5, 3 })
        {
            histogram.Record(value);
        }

        var text = _registry.Render();

        Assert.Contains("mlevents_processing_seconds_bucket{le=\"0.01\"} 2\n", text);
        Assert.Contains("mlevents_processing_seconds_bucket{le=\"0.1\"} 3\n", text);
        Assert.Contains("mlevents_processing_seconds_bucket{le=\"1\"} 4\n", text);
        Assert.Contains("mlevents_processing_seconds_bucket{le=\"+Inf\"} 5\n", text);
        Assert.Contains("mlevents_processing_seconds_sum 3.565\n", text);
        Assert.Contains("mlevents_processing_seconds_count 5\n", text);
    }

    [Fact]
    public void Histogram_buckets_from_options_override_advice()
    {
        var meterName = $"Buckets.{Guid.NewGuid():N}";
        var options = new PrometheusRegistryOptions();
        options.MeterNames.Add(meterName);
        options.HistogramBuckets["lat"] = [2, 1];
        using var registry = new PrometheusRegistry(options);
        using var meter = new Meter(meterName);
        var histogram = meter.CreateHistogram<long>("lat", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [100] });
        histogram.Record(1);
        histogram.Record(2);
        histogram.Record(7);

        var text = registry.Render();

        Assert.Contains("lat_bucket{le=\"1\"} 1\n", text);
        Assert.Contains("lat_bucket{le=\"2\"} 2\n", text);
        Assert.Contains("lat_bucket{le=\"+Inf\"} 3\n", text);
        Assert.DoesNotContain("le=\"100\"", text);
    }

    [Fact]
    public void Concurrent_adds_are_not_lost()
    {
        var counter = _meter.CreateCounter<double>("parallel.adds");
        Parallel.For(0, 100_000, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => counter.Add(0.5, new KeyValuePair<string, object?>("shard", i % 3)));

        var text = _registry.Render();

        Assert.Contains("parallel_adds_total{shard=\"0\"} 16667\n", text);
        Assert.Contains("parallel_adds_total{shard=\"1\"} 16666.5\n", text);
        Assert.Contains("parallel_adds_total{shard=\"2\"} 16666.5\n", text);
    }

    [Fact]
    public void Gauge_callbacks_and_collectors_are_rendered_after_instruments_and_same_named_families_merge()
    {
        using var second = new Meter(_meterName); // same meter name twice, e.g. two hosts in one process
        _meter.CreateCounter<long>("dup.counter").Add(2);
        second.CreateCounter<long>("dup.counter").Add(3);
        _registry.AddGauge("external_lag", "Lag from elsewhere.", () => [MetricSample.Scalar(7, new KeyValuePair<string, string>("topic", "t"))]);

        var text = _registry.Render();

        Assert.Single(text.Split('\n'), l => l.StartsWith("# TYPE dup_counter_total", StringComparison.Ordinal));
        Assert.Contains("dup_counter_total 5\n", text);
        Assert.Contains("# HELP external_lag Lag from elsewhere.\n# TYPE external_lag gauge\nexternal_lag{topic=\"t\"} 7\n", text);
        Assert.True(text.IndexOf("dup_counter_total", StringComparison.Ordinal) < text.IndexOf("external_lag", StringComparison.Ordinal));
    }

    [Fact]
    public void Tag_values_of_any_type_render_invariantly()
    {
        var counter = _meter.CreateCounter<int>("typed.tags");
        counter.Add(1, new("ok", true), new("ratio", 0.5), new("missing", null));

        Assert.Contains("typed_tags_total{missing=\"\",ok=\"true\",ratio=\"0.5\"} 1\n", _registry.Render());
    }

    [Fact]
    public void Recording_into_an_existing_series_does_not_allocate()
    {
        var counter = _meter.CreateCounter<long>("hot.path");
        var histogram = _meter.CreateHistogram<double>("hot.latency");
        KeyValuePair<string, object?> type = new("event_type", "JobStarted");
        KeyValuePair<string, object?> stage = new("stage", "convert");
        counter.Add(1, type, stage);
        histogram.Record(0.1, stage);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, stage, type);
            histogram.Record(0.002 * i, stage);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("hot_path_total{event_type=\"JobStarted\",stage=\"convert\"} 10001\n", _registry.Render());
    }
}
