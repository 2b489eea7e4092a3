using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MlEvents.Observability.Health;
using MlEvents.Observability.Hosting;
using MlEvents.Observability.Lag;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>
/// Every metric the Grafana dashboard and the alert rules query is on /metrics, as OpenTelemetry's Prometheus exporter
/// names it, once each of the worker's instruments and the lag and readiness gauges has a value.
/// </summary>
public sealed partial class DashboardNamesTests
{
    [Fact]
    public async Task Every_metric_of_the_dashboard_and_alert_rules_is_served_under_that_name()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Port"] = "0", ["Metrics:Host"] = "127.0.0.1" });
        builder.Services.AddMlEventsObservability(builder.Configuration);
        builder.Services.AddMlEventsConsumerLag(t => t.Group = "mlevents");
        builder.Services.AddSingleton<WorkerMetrics>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            RecordOneOfEach(host.Services);
            using var scraper = new MetricsScraper(host);
            var metrics = await scraper.MetricsAsync();
            var names = metrics.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleName().Match(l).Value).ToHashSet(StringComparer.Ordinal);

            var queried = QueriedNames();
            Assert.Superset(new HashSet<string>(["mlevents_events_consumed_total", "mlevents_processing_seconds_bucket", "kafka_consumergroup_group_lag", "mlevents_ready"]), queried);
            Assert.Empty(queried.Where(n => !names.Contains(n)).Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void RecordOneOfEach(IServiceProvider services)
    {
        var worker = services.GetRequiredService<WorkerMetrics>();
        worker.EventConsumed("RunStarted");
        worker.EventProcessed("RunStarted", TimeSpan.FromMilliseconds(3));
        worker.EventAcknowledged(TimeSpan.FromMilliseconds(9));
        worker.McpProduced("MetadataChangeProposal_v1", "dataProcessInstanceProperties");
        worker.EventDeadLettered("deserialize", "InvalidDataException");
        worker.EventSkipped("produce");
        worker.Retry("translate");
        worker.DeliveryFailed(ErrorCode.Local_MsgTimedOut);
        worker.Rebalanced("assigned");
        worker.AssignedPartitionsChanged(1);
        worker.InFlightChanged(1);
        worker.McpRejected("dataProcessInstance", "mlTrainingRunProperties");
        worker.FailedMcpRecordRead("mlevents");
        worker.GmsRequest("ingestProposalBatch", "200", TimeSpan.FromMilliseconds(12));

        var now = DateTimeOffset.UtcNow;
        var tracker = services.GetRequiredService<ConsumerLagTracker>();
        tracker.RecordProcessed("mlevents.events", 0, 5, now.AddSeconds(-2));
        tracker.Update(new KafkaClientStatistics("consumer", "worker-1", "consumer", now, 0, 0, 0, 0,
            [new PartitionStatistics("mlevents.events", 0, "active", 6, 6, 0, 10, 10, 4, 4)], null));

        services.GetRequiredService<HealthReportMetrics>().PublishAsync(new HealthReport(
            new Dictionary<string, HealthReportEntry> { ["kafka-assigned"] = new(HealthStatus.Healthy, null, TimeSpan.Zero, null, null, [HealthTags.Ready]) },
            TimeSpan.Zero), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The mlevents_* and kafka_* series names in docker/grafana/mlevents-dashboard.json and docker/prometheus/alerts.yml.</summary>
    private static HashSet<string> QueriedNames()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MlEvents.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var text = File.ReadAllText(Path.Combine(root.FullName, "docker", "grafana", "mlevents-dashboard.json"))
            + File.ReadAllText(Path.Combine(root.FullName, "docker", "prometheus", "alerts.yml"));
        return QueriedName().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b(mlevents|kafka)_[a-z_]+\b")]
    private static partial Regex QueriedName();

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();
}
