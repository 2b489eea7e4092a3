using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MlEvents.Observability.Prometheus;

/// <summary>
/// Collects System.Diagnostics.Metrics instruments of the configured meters through a <see cref="MeterListener"/>,
/// plus the series of registered <see cref="IMetricsCollector"/>s, and renders them for Prometheus.
/// </summary>
/// <remarks>
/// Instrument names map to metric names by replacing invalid characters (dots) with '_';
/// counters get a <c>_total</c> suffix if missing; units are not appended, so put them in the name
/// (<c>mlevents.processing.seconds</c>). Instrument tags become labels.
/// </remarks>
public sealed class PrometheusRegistry : IDisposable
{
    private readonly PrometheusRegistryOptions _options;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _aggregators = new();
    private readonly List<IMetricsCollector> _collectors = [];
    private readonly Lock _collectLock = new();

    public PrometheusRegistry(params string[] meterNames) : this(CreateOptions(meterNames))
    {
    }

    public PrometheusRegistry(PrometheusRegistryOptions options)
    {
        _options = options;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _aggregators.TryRemove(instrument, out InstrumentAggregator? _),
        };
        _listener.SetMeasurementEventCallback<byte>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, m, tags, state) => Aggregator(state).Record(m, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, m, tags, state) => Aggregator(state).Record((double)m, tags));
        _listener.Start();
    }

    /// <summary>Adds a source of externally computed series, asked on every scrape.</summary>
    public void AddCollector(IMetricsCollector collector)
    {
        lock (_collectLock)
        {
            _collectors.Add(collector);
        }
    }

    /// <summary>Adds a gauge family whose samples are computed by <paramref name="samples"/> on every scrape.</summary>
    public void AddGauge(string name, string help, Func<IEnumerable<MetricSample>> samples) =>
        AddCollector(new DelegateCollector(() => [new MetricFamily(name, help, MetricType.Gauge, [.. samples()])]));

    /// <summary>Takes a consistent-enough snapshot of every family (instruments first, then collectors).</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collectLock)
        {
            var aggregators = _aggregators.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
            foreach (var aggregator in aggregators)
            {
                aggregator.BeginObservation();
            }
            _listener.RecordObservableInstruments();

            var families = aggregators.Select(a => a.Snapshot()).ToList();
            foreach (var collector in _collectors)
            {
                families.AddRange(collector.Collect());
            }
            return MetricFamilyMerger.Merge(families);
        }
    }

    public string Render() => PrometheusTextFormat.Render(Collect());

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_options.MeterNames.Contains(instrument.Meter.Name) || _options.InstrumentFilter?.Invoke(instrument) == false)
        {
            return;
        }

        var aggregator = CreateAggregator(instrument);
        if (aggregator is null)
        {
            return;
        }
        _aggregators[instrument] = aggregator;
        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private InstrumentAggregator? CreateAggregator(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        if (definition == typeof(Counter<>))
        {
            return new SumAggregator(instrument, MetricType.Counter);
        }
        if (definition == typeof(UpDownCounter<>))
        {
            return new SumAggregator(instrument, MetricType.Gauge);
        }
        if (definition == typeof(Gauge<>))
        {
            return new LastValueAggregator(instrument, MetricType.Gauge, observable: false);
        }
        if (definition == typeof(ObservableCounter<>))
        {
            return new LastValueAggregator(instrument, MetricType.Counter, observable: true);
        }
        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
        {
            return new LastValueAggregator(instrument, MetricType.Gauge, observable: true);
        }
        if (definition == typeof(Histogram<>))
        {
            return new HistogramAggregator(instrument, BucketsFor(instrument));
        }
        return null;
    }

    private double[] BucketsFor(Instrument instrument)
    {
        IEnumerable<double>? bounds = _options.HistogramBuckets.TryGetValue(instrument.Name, out var configured)
            ? configured
            : instrument switch
            {
                Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
                Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
                _ => null,
            };
        var sorted = (bounds ?? PrometheusRegistryOptions.DefaultBuckets)
            .Where(double.IsFinite)
            .Distinct()
            .Order()
            .ToArray();
        return sorted;
    }

    private static InstrumentAggregator Aggregator(object? state) => (InstrumentAggregator)state!;

    private static PrometheusRegistryOptions CreateOptions(string[] meterNames)
    {
        var options = new PrometheusRegistryOptions();
        foreach (var name in meterNames)
        {
            options.MeterNames.Add(name);
        }
        return options;
    }

    private sealed class DelegateCollector(Func<IEnumerable<MetricFamily>> collect) : IMetricsCollector
    {
        public IEnumerable<MetricFamily> Collect() => collect();
    }
}
