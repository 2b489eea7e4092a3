namespace MlEvents.Observability.Prometheus;

/// <summary>Prometheus metric family types used by the text exposition format 0.0.4.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
