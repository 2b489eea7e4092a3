namespace MlEvents.Observability.Prometheus;

/// <summary>Supplies externally computed series (e.g. consumer lag) at scrape time.</summary>
public interface IMetricsCollector
{
    IEnumerable<MetricFamily> Collect();
}
