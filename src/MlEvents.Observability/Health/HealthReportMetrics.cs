using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Prometheus;

namespace MlEvents.Observability.Health;

/// <summary>
/// Receives the periodic health reports of the health check publisher and exports them, so Prometheus can alert on
/// readiness (it cannot scrape /readyz): <c>mlevents_ready</c> (1/0) and <c>mlevents_health_check_status{check,tag}</c>
/// (1 healthy, 0.5 degraded, 0 unhealthy).
/// </summary>
public sealed class HealthReportMetrics : IHealthCheckPublisher, IMetricsCollector
{
    private volatile HealthReport? _latest;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _latest = report;
        return Task.CompletedTask;
    }

    public IEnumerable<MetricFamily> Collect()
    {
        var report = _latest;
        if (report is null)
        {
            return [];
        }

        var readiness = report.Entries.Where(e => e.Value.Tags.Contains(HealthTags.Ready)).ToList();
        var ready = readiness.All(e => e.Value.Status != HealthStatus.Unhealthy);
        return
        [
            new MetricFamily("mlevents_ready", "1 when every readiness check passes (what /readyz answers), else 0.", MetricType.Gauge,
                [MetricSample.Scalar(ready ? 1 : 0)]),
            new MetricFamily("mlevents_health_check_status", "Last result per health check: 1 healthy, 0.5 degraded, 0 unhealthy.", MetricType.Gauge,
                [.. report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => MetricSample.Scalar(
                    Score(e.Value.Status),
                    new KeyValuePair<string, string>("check", e.Key),
                    new KeyValuePair<string, string>("tag", string.Join(',', e.Value.Tags.Order(StringComparer.Ordinal)))))]),
        ];
    }

    private static double Score(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };
}
