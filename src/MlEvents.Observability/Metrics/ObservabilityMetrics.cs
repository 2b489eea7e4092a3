using System.Diagnostics.Metrics;

namespace MlEvents.Observability.Metrics;

/// <summary>
/// The <c>MlEvents.Observability</c> meter (consumer lag, readiness) of one host, made by that host's
/// <see cref="IMeterFactory"/>; creating this object registers the instruments of every <see cref="IObservableMetricsSource"/>.
/// </summary>
public sealed class ObservabilityMetrics
{
    public const string MeterName = "MlEvents.Observability";

    public ObservabilityMetrics(IMeterFactory meterFactory, IEnumerable<IObservableMetricsSource> sources)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(sources);
        Meter = meterFactory.Create(MeterName);
        foreach (var source in sources)
        {
            source.RegisterInstruments(Meter);
        }
    }

    public Meter Meter { get; }
}
