using System.Diagnostics.Metrics;

namespace MlEvents.Observability.Metrics;

/// <summary>
/// Something that publishes values computed elsewhere (consumer lag, health reports) as observable instruments.
/// Every registered source is given the <see cref="ObservabilityMetrics.MeterName"/> meter once, when the host starts.
/// </summary>
public interface IObservableMetricsSource
{
    void RegisterInstruments(Meter meter);
}
