using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>
/// The worker host end to end on the embedded cluster, observed only from outside: /metrics and /readyz over HTTP,
/// committed offsets from the group.
/// </summary>
public sealed class WorkerObservabilityTests(OperationsCluster cluster, ITestOutputHelper output) : IClassFixture<OperationsCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly KafkaTestKit _kafka = new(cluster.Kafka.BootstrapServers);

    [Fact]
    public async Task Scraped_counters_match_what_was_sent_and_lag_rises_while_held_then_falls_to_zero()
    {
        var topics = cluster.CreateTopics();
        var translator = new OperationsTranslator();
        var first = Inputs("a", 8);
        var second = Inputs("b", 8);
        _kafka.Produce(topics.Events, first);

        using var host = Build(topics, translator);
        using var scraper = new MetricsScraper(host);
        await host.StartAsync();
        try
        {
            await WaitForMetrics(scraper, m => LagSeries(m, topics).Count == KafkaTestKit.Partitions && SumLag(m, topics) == 0
                && MetricsScraper.Sum(m, "mlevents_events_consumed_total") == first.Length, "first batch processed, committed lag 0 on every partition");

            translator.Hold();
            _kafka.Produce(topics.Events, second);
            var held = await WaitForMetrics(scraper, m => SumLag(m, topics) == second.Length, "lag of the held second batch");
            Assert.Equal(first.Length, MetricsScraper.Sum(held, "mlevents_events_consumed_total"));
            Assert.True(MetricsScraper.Sum(held, "kafka_consumergroup_group_max_lag", ("group", topics.Group)) > 0);
            Assert.NotEmpty(MetricsScraper.Samples(held, "kafka_consumergroup_group_lag_seconds", ("group", topics.Group)));

            translator.Release();
            var caughtUp = await WaitForMetrics(scraper, m => SumLag(m, topics) == 0
                && MetricsScraper.Sum(m, "mlevents_events_consumed_total") == first.Length + second.Length, "caught up again");

            var sent = first.Concat(second).Select(i => i.Value.Split('|')).ToList();
            foreach (var type in sent.Select(s => s[0]).Distinct())
            {
                Assert.Equal(sent.Count(s => s[0] == type), MetricsScraper.Sum(caughtUp, "mlevents_events_consumed_total", ("event_type", type)));
            }

            foreach (var aspect in sent.SelectMany(s => s[1].Split(',')).Distinct())
            {
                Assert.Equal(sent.Count(s => s[1].Split(',').Contains(aspect)), MetricsScraper.Sum(caughtUp, "mlevents_mcps_produced_total", ("aspect", aspect)));
            }

            Assert.Equal(sent.Sum(s => s[1].Split(',').Length), _kafka.ReadAll(topics.Mcp).Count);
            Assert.Equal(sent.Count, MetricsScraper.Sum(caughtUp, "mlevents_processing_seconds_count"));
            Assert.Equal(sent.Count, MetricsScraper.Sum(caughtUp, "mlevents_consume_to_ack_seconds_count"));
            Assert.Equal(0, MetricsScraper.Sum(caughtUp, "mlevents_events_dead_lettered_total"));
            Assert.Equal(0, MetricsScraper.Sum(caughtUp, "mlevents_delivery_failures_total"));
            Assert.Equal(KafkaTestKit.Partitions, MetricsScraper.Sum(caughtUp, "mlevents_assigned_partitions"));
            Assert.True(MetricsScraper.Sum(caughtUp, "mlevents_rebalances_total", ("kind", "assigned")) >= 1);
            Assert.Single(MetricsScraper.Samples(caughtUp, "mlevents_producer_queue_fill_ratio"));

            // Offsets are committed to the group: what an external tool reads equals what the worker reports.
            var committed = _kafka.Committed(topics.Group, topics.Events);
            Assert.Equal(first.Length + second.Length, committed.Values.Sum());
            Assert.Equal(committed.Values.Sum(), MetricsScraper.Sum(caughtUp, "kafka_consumergroup_group_offset", ("group", topics.Group)));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Readiness_fails_while_the_schema_registry_is_unreachable_and_recovers_when_it_returns()
    {
        var topics = cluster.CreateTopics();
        using var registryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = cluster.Registry.Url, MaxRetries = 1, RequestTimeoutMs = 2000 });
        var translator = new OperationsTranslator(registryClient);
        using var host = Build(topics, translator, services =>
            services.Replace(ServiceDescriptor.Singleton<ITransientErrorClassifier, RegistryAwareClassifier>()));
        using var scraper = new MetricsScraper(host);
        await host.StartAsync();
        try
        {
            _kafka.Produce(topics.Events, Inputs("a", 2));
            await WaitForMetrics(scraper, m => MetricsScraper.Sum(m, "mlevents_events_consumed_total") == 2, "first events translated");
            Assert.Equal(HttpStatusCode.OK, (await scraper.ReadinessAsync()).Status);

            cluster.Registry.SetAvailable(false);
            _kafka.Produce(topics.Events, Inputs("b", 1));
            var notReady = await WaitForReadiness(scraper, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", CheckStatus(notReady, WorkerReadiness.SchemaRegistryReachable));
            Assert.Equal("Healthy", CheckStatus(notReady, WorkerReadiness.KafkaAssigned));
            var whileDown = await scraper.MetricsAsync();
            Assert.True(MetricsScraper.Sum(whileDown, "mlevents_retries_total", ("kind", "translate")) > 0);

            cluster.Registry.SetAvailable(true);
            var ready = await WaitForReadiness(scraper, HttpStatusCode.OK);
            Assert.Equal("Healthy", CheckStatus(ready, WorkerReadiness.SchemaRegistryReachable));
            var after = await WaitForMetrics(scraper, m => MetricsScraper.Sum(m, "mlevents_events_consumed_total") == 3, "the held event translated");
            Assert.Equal(0, MetricsScraper.Sum(after, "mlevents_events_dead_lettered_total"));
        }
        finally
        {
            cluster.Registry.SetAvailable(true);
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_consumer_whose_committed_offsets_stand_still_while_lag_grows_is_not_ready_until_it_moves_again()
    {
        var topics = cluster.CreateTopics();
        var translator = new OperationsTranslator();
        _kafka.Produce(topics.Events, Inputs("a", 4));
        using var host = Build(topics, translator, overrides: new() { ["Metrics:Stall:Window"] = "00:00:02" });
        using var scraper = new MetricsScraper(host);
        await host.StartAsync();
        try
        {
            await WaitForMetrics(scraper, m => LagSeries(m, topics).Count == KafkaTestKit.Partitions && SumLag(m, topics) == 0, "caught up");
            Assert.Equal(HttpStatusCode.OK, (await scraper.ReadinessAsync()).Status);

            translator.Hold();
            _kafka.Produce(topics.Events, Inputs("b", 4));
            var stalled = await WaitForReadiness(scraper, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", CheckStatus(stalled, "consumer-not-stalled"));
            Assert.Equal("Healthy", CheckStatus(stalled, WorkerReadiness.SchemaRegistryReachable));

            translator.Release();
            var ready = await WaitForReadiness(scraper, HttpStatusCode.OK);
            Assert.Equal("Healthy", CheckStatus(ready, "consumer-not-stalled"));
        }
        finally
        {
            translator.Release();
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Each_dead_lettered_event_is_counted_by_stage_and_reason_category_and_logged_once_with_its_coordinates()
    {
        var topics = cluster.CreateTopics();
        var logs = new CapturingLoggerProvider();
        (string Key, string Value, int Partition)[] inputs =
            [("k0", "RunStarted|dataProcessInstanceProperties", 0), ("k1", "poison", 1), ("k2", "crash", 2), ("k3", "RunFinished|dataProcessInstanceRunEvent", 3)];
        _kafka.Produce(topics.Events, inputs);

        using var host = Build(topics, new OperationsTranslator(), services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));
        using var scraper = new MetricsScraper(host);
        await host.StartAsync();
        string metrics;
        try
        {
            metrics = await WaitForMetrics(scraper, m => SumLag(m, topics) == 0 && LagSeries(m, topics).Count == KafkaTestKit.Partitions
                && MetricsScraper.Sum(m, "mlevents_events_dead_lettered_total") == 2, "all events handled and committed");
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.Equal(1, MetricsScraper.Sum(metrics, "mlevents_events_dead_lettered_total", ("stage", "validate"), ("reason", DeadLetterReason.Rejected)));
        Assert.Equal(1, MetricsScraper.Sum(metrics, "mlevents_events_dead_lettered_total", ("stage", "translate"), ("reason", nameof(InvalidOperationException))));
        Assert.Equal(2, MetricsScraper.Sum(metrics, "mlevents_events_consumed_total", ("event_type", WorkerMetrics.Unknown)));
        Assert.Equal(2, _kafka.ReadAll(topics.DeadLetter).Count);

        var lines = logs.Entries.Where(e => e.EventId == 120).OrderBy(e => e.Values["Partition"]).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Equal(topics.Events, line.Values["Topic"]));
        Assert.Equal([1, 2], lines.Select(l => l.Values["Partition"]));
        Assert.All(lines, line => Assert.Equal(0L, line.Values["Offset"]));
        Assert.Equal(["validate", "translate"], lines.Select(l => l.Values["Stage"]));
        Assert.Equal([DeadLetterReason.Rejected, nameof(InvalidOperationException)], lines.Select(l => l.Values["ReasonCategory"]));
        Assert.Equal(["field runId of event k1 is missing", "conversion of event k2 failed"], lines.Select(l => l.Values["Reason"]));
        Assert.Contains("k1", lines[0].Message, StringComparison.Ordinal);
    }

    private IHost Build(
        WorkerTopics topics, IEventTranslator translator, Action<IServiceCollection>? configure = null, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:Consumer:session.timeout.ms"] = null,
            ["Kafka:Consumer:heartbeat.interval.ms"] = null,
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["Kafka:Common:statistics.interval.ms"] = "200",
            ["Metrics:Port"] = "0",
            ["Metrics:Host"] = "127.0.0.1",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return WorkerHostFactory.Build(cluster.Kafka.BootstrapServers, topics, translator, output, settings, configure);
    }

    /// <summary><paramref name="count"/> events spread over all partitions, cycling through event types with their aspects.</summary>
    private static (string Key, string Value, int Partition)[] Inputs(string prefix, int count)
    {
        string[] events =
        [
            "RunStarted|dataProcessInstanceProperties,dataProcessInstanceRunEvent",
            "RunFinished|dataProcessInstanceRunEvent",
            "ModelRegistered|mlModelProperties,versionProperties,globalTags",
        ];
        return [.. Enumerable.Range(0, count).Select(i => ($"{prefix}{i}", events[i % events.Length], i % KafkaTestKit.Partitions))];
    }

    private static List<(IReadOnlyDictionary<string, string> Labels, double Value)> LagSeries(string metrics, WorkerTopics topics) =>
        [.. MetricsScraper.Samples(metrics, "kafka_consumergroup_group_lag", ("group", topics.Group), ("topic", topics.Events))];

    private static double SumLag(string metrics, WorkerTopics topics) =>
        MetricsScraper.Sum(metrics, "kafka_consumergroup_group_sum_lag", ("group", topics.Group));

    private static async Task<string> WaitForMetrics(MetricsScraper scraper, Func<string, bool> condition, string what)
    {
        var last = "";
        try
        {
            await KafkaTestKit.WaitUntil(() => condition(last = scraper.MetricsAsync().GetAwaiter().GetResult()), Timeout, what);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}; last scrape:\n{last}");
        }

        return last;
    }

    private static async Task<string> WaitForReadiness(MetricsScraper scraper, HttpStatusCode expected)
    {
        var last = (Status: default(HttpStatusCode), Body: "");
        await KafkaTestKit.WaitUntil(() => (last = scraper.ReadinessAsync().GetAwaiter().GetResult()).Status == expected, Timeout, $"/readyz {expected}");
        return last.Body;
    }

    private static string? CheckStatus(string readinessJson, string check)
    {
        using var document = JsonDocument.Parse(readinessJson);
        return document.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
    }
}
