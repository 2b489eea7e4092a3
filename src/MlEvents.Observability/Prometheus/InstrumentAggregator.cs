using System.Diagnostics.Metrics;

namespace MlEvents.Observability.Prometheus;

/// <summary>Aggregates the measurements of one instrument per tag set.</summary>
internal abstract class InstrumentAggregator(Instrument instrument, MetricType type)
{
    public Instrument Instrument { get; } = instrument;

    public string Name { get; } = PrometheusNames.SanitizeMetricName(instrument.Name);

    public MetricType Type { get; } = type;

    /// <summary>Observable instruments report their full state on each collection; stale series are dropped first.</summary>
    public virtual bool IsObservable => false;

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public virtual void BeginObservation()
    {
    }

    public abstract IReadOnlyList<MetricSample> Samples();

    public MetricFamily Snapshot() => new(Name, Instrument.Description ?? "", Type, Samples());
}

internal sealed class SumAggregator(Instrument instrument, MetricType type) : InstrumentAggregator(instrument, type)
{
    private readonly SeriesStore<SumCell> _store = new(static () => new SumCell());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _store.Get(tags).Add(value);

    public override IReadOnlyList<MetricSample> Samples() =>
        [.. _store.Series.Select(static s => MetricSample.Scalar(s.Value.Value, s.Key.Labels))];
}

internal sealed class LastValueAggregator(Instrument instrument, MetricType type, bool observable) : InstrumentAggregator(instrument, type)
{
    private readonly SeriesStore<LastValueCell> _store = new(static () => new LastValueCell());

    public override bool IsObservable => observable;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _store.Get(tags).Set(value);

    public override void BeginObservation()
    {
        if (observable)
        {
            _store.Clear();
        }
    }

    public override IReadOnlyList<MetricSample> Samples() =>
        [.. _store.Series.Select(static s => MetricSample.Scalar(s.Value.Value, s.Key.Labels))];
}

internal sealed class HistogramAggregator : InstrumentAggregator
{
    private readonly SeriesStore<HistogramCell> _store;

    public HistogramAggregator(Instrument instrument, double[] upperBounds) : base(instrument, MetricType.Histogram)
    {
        UpperBounds = upperBounds;
        _store = new(() => new HistogramCell(upperBounds));
    }

    public double[] UpperBounds { get; }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _store.Get(tags).Record(value);

    public override IReadOnlyList<MetricSample> Samples() =>
        [.. _store.Series.Select(static s => MetricSample.Of(s.Value.Snapshot(), s.Key.Labels))];
}
