using System.Diagnostics.Metrics;

namespace MlEvents.Observability.Prometheus;

public sealed class PrometheusRegistryOptions
{
    /// <summary>Prometheus client defaults, in seconds.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Names of the <see cref="Meter"/>s whose instruments are exported.</summary>
    public ICollection<string> MeterNames { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Bucket upper bounds per instrument name; overrides the instrument's own advice
    /// (<c>InstrumentAdvice.HistogramBucketBoundaries</c>) and <see cref="DefaultBuckets"/>.
    /// </summary>
    public IDictionary<string, IReadOnlyList<double>> HistogramBuckets { get; } =
        new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);

    /// <summary>
    /// Optional extra filter, e.g. <c>i => i.Meter.Scope == myMeterFactory</c> when several hosts in one process
    /// create meters with the same name.
    /// </summary>
    public Func<Instrument, bool>? InstrumentFilter { get; set; }
}
