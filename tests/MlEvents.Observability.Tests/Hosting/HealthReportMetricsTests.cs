using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Observability.Health;
using MlEvents.Observability.Tests.Support;

namespace MlEvents.Observability.Tests.Hosting;

public sealed class HealthReportMetricsTests
{
    private static HealthReportEntry Entry(HealthStatus status, params string[] tags) =>
        new(status, null, TimeSpan.Zero, null, null, tags);

    [Fact]
    public async Task Ready_is_zero_when_a_readiness_check_is_unhealthy_and_liveness_checks_do_not_count()
    {
        var metrics = new HealthReportMetrics();
        using var gauges = new GaugeReader(metrics);
        Assert.Empty(gauges.Collect());

        await metrics.PublishAsync(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["kafka-assigned"] = Entry(HealthStatus.Healthy, HealthTags.Ready),
            ["registry-reachable"] = Entry(HealthStatus.Unhealthy, HealthTags.Ready),
            ["disk"] = Entry(HealthStatus.Degraded, HealthTags.Live),
        }, TimeSpan.Zero), CancellationToken.None);
        var notReady = gauges.Collect();

        await metrics.PublishAsync(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["kafka-assigned"] = Entry(HealthStatus.Healthy, HealthTags.Ready),
            ["registry-reachable"] = Entry(HealthStatus.Degraded, HealthTags.Ready),
            ["disk"] = Entry(HealthStatus.Unhealthy, HealthTags.Live),
        }, TimeSpan.Zero), CancellationToken.None);
        var ready = gauges.Collect();

        Assert.Equal(0, notReady.Single("mlevents_ready"));
        Assert.Equal(0, notReady.Single("mlevents_health_check_status", ("check", "registry-reachable"), ("tag", "ready")));
        Assert.Equal(0.5, notReady.Single("mlevents_health_check_status", ("check", "disk"), ("tag", "live")));
        Assert.Equal(3, notReady.Named("mlevents_health_check_status").Count);
        Assert.Equal(1, ready.Single("mlevents_ready"));
    }
}
