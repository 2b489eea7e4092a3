using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Metrics;

namespace MlEvents.Observability.Health;

/// <summary>
/// Receives the periodic health reports of the health check publisher and exports them, so Prometheus can alert on
/// readiness (it cannot scrape /readyz): <c>mlevents_ready</c> (1/0) and <c>mlevents_health_check_status{check,tag}</c>
/// (1 healthy, 0.5 degraded, 0 unhealthy).
/// </summary>
public sealed class HealthReportMetrics : IHealthCheckPublisher, IObservableMetricsSource
{
    private volatile HealthReport? _latest;

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        _latest = report;
        return Task.CompletedTask;
    }

    public void RegisterInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge("mlevents_ready", Ready, description: "1 when every readiness check passes (what /readyz answers), else 0.");
        meter.CreateObservableGauge("mlevents_health_check_status", CheckStatus, description: "Last result per health check: 1 healthy, 0.5 degraded, 0 unhealthy.");
    }

    /// <summary>1 when no readiness check of the last report is unhealthy, 0 otherwise; nothing before the first report.</summary>
    public IEnumerable<Measurement<double>> Ready()
    {
        if (_latest is not { } report)
        {
            return [];
        }

        var ready = report.Entries.Where(e => e.Value.Tags.Contains(HealthTags.Ready)).All(e => e.Value.Status != HealthStatus.Unhealthy);
        return [new Measurement<double>(ready ? 1 : 0)];
    }

    /// <summary>One value per check of the last report, labelled <c>check</c> and <c>tag</c> (its tags, comma-separated).</summary>
    public IEnumerable<Measurement<double>> CheckStatus() =>
        _latest is not { } report
            ? []
            : report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new Measurement<double>(
                    Score(e.Value.Status),
                    new KeyValuePair<string, object?>("check", e.Key),
                    new KeyValuePair<string, object?>("tag", string.Join(',', e.Value.Tags.Order(StringComparer.Ordinal)))))
                .ToList();

    private static double Score(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => 1,
        HealthStatus.Degraded => 0.5,
        _ => 0,
    };
}
