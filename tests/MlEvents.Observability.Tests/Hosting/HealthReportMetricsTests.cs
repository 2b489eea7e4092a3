using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Health;
using MlEvents.Observability.Prometheus;

namespace MlEvents.Observability.Tests.Hosting;

public sealed class HealthReportMetricsTests
{
    private static HealthReportEntry Entry(HealthStatus status, params string[] tags) =>
        new(status, null, TimeSpan.Zero, null, null, tags);

    [Fact]
    public async Task Ready_is_zero_when_a_readiness_check_is_unhealthy_and_liveness_checks_do_not_count()
    {
        var metrics = new HealthReportMetrics();
        Assert.Empty(metrics.Collect());

        await metrics.PublishAsync(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["kafka-assigned"] = Entry(HealthStatus.Healthy, HealthTags.Ready),
            ["registry-reachable"] = Entry(HealthStatus.Unhealthy, HealthTags.Ready),
            ["disk"] = Entry(HealthStatus.Degraded, HealthTags.Live),
        }, TimeSpan.Zero), CancellationToken.None);
        var notReady = PrometheusTextFormat.Render(metrics.Collect());

        await metrics.PublishAsync(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["kafka-assigned"] = Entry(HealthStatus.Healthy, HealthTags.Ready),
            ["registry-reachable"] = Entry(HealthStatus.Degraded, HealthTags.Ready),
            ["disk"] = Entry(HealthStatus.Unhealthy, HealthTags.Live),
        }, TimeSpan.Zero), CancellationToken.None);
        var ready = PrometheusTextFormat.Render(metrics.Collect());

        Assert.Contains("mlevents_ready 0\n", notReady);
        Assert.Contains("mlevents_health_check_status{check=\"registry-reachable\",tag=\"ready\"} 0\n", notReady);
        Assert.Contains("mlevents_health_check_status{check=\"disk\",tag=\"live\"} 0.5\n", notReady);
        Assert.Contains("mlevents_ready 1\n", ready);
    }
}
