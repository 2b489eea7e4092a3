using System.Diagnostics.Metrics;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Contracts;
using MlEvents.DataHub.Store;
using MlEvents.DevHost.Embedded;
using MlEvents.Embedded;
using MlEvents.Translation;
using MlEvents.Integration.Tests.EndToEnd;
using MlEvents.Integration.Tests.Operations;
using MlEvents.Integration.Tests.Worker;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Sink;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Rest;

/// <summary>The whole worker with <c>DataHub:Sink=Rest</c>: mock Kafka cluster, embedded registry, the GMS stand-in (<see cref="EmbeddedGms"/>).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RestSinkEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const string Token = "gms-token-7c1e55d0-do-not-log";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Accepted_MCPs_leave_GMS_in_the_state_the_Kafka_sink_leaves_it_and_the_token_is_in_no_log_line()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.Scenario();
        await using var gms = await EmbeddedGms.StartNewAsync(new EmbeddedGmsOptions { Token = Token }); // 401 without the token
        var logs = new CapturingLoggerProvider();
        await PublishAsync(topics.Events, events);

        // The token from the variable DataHub's CLI reads (DATAHUB_GMS_TOKEN), as the host's environment provider adds it.
        using var rest = RestHost(topics, gms.Url, logs, new() { ["DATAHUB_GMS_TOKEN"] = Token });
        using var kafka = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics with { Group = topics.Group + "-kafka" }, output);
        await Task.WhenAll(rest.StartAsync(), kafka.StartAsync());
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == events.Count, Patience, "every event committed by the REST sink");
        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, TestEvents.Expected(events).Count, Patience);
        await Task.WhenAll(rest.StopAsync(), kafka.StopAsync());

        var viaKafka = new AspectStore();
        foreach (var record in await McpTopic.ReadAllAsync(fixture.BootstrapServers, fixture.Registry.Url, topics.Mcp))
        {
            viaKafka.Apply(record.Mcp); // what GMS applies when it consumes the MCP topic (per URN in partition order)
        }

        Assert.NotEmpty(gms.Snapshot());
        Assert.Equal(Describe(viaKafka.Snapshot()), Describe(gms.Snapshot()));
        Assert.Empty(kit.ReadAll(topics.DeadLetter));
        Assert.Equal($"Bearer {Token}", gms.LastAuthorizationHeader);
        Assert.Equal(0, gms.RequestsWithStatus(401));
        Assert.Equal(TestEvents.Expected(events).Count, gms.ProposalsApplied);
        AssertTokenNeverLogged(logs);
        Assert.Contains(logs.Entries, e => e.EventId == 180 && e.Message.Contains("token: set", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_MCP_dead_letters_only_its_event_with_GMSs_message_and_the_events_batched_with_it_get_through()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.ManyRuns(8, "refuse");
        await using var gms = await EmbeddedGms.StartNewAsync();
        var logs = new CapturingLoggerProvider();
        await PublishAsync(topics.Events, events, partition: 0); // one partition: the refused event is batched with the others

        using var host = RestHost(topics, gms.Url, logs, new() { ["DataHub:Rest:Token"] = Token, ["DataHub:Rest:Linger"] = "00:00:00.050" },
            services => services.AddSingleton<IEventTranslator>(sp => new RefusingTranslator(sp.CreateAvroEventTranslator(), "refuse-event-3")));
        await host.StartAsync();
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == events.Count, Patience, "every event committed");
        await host.StopAsync();

        var refusals = gms.Refusals;
        Assert.True(refusals.Count >= 2, "the batch, then the event alone");
        Assert.Contains(refusals, r => r.ProposalsInRequest > TestEvents.Expected(events.Take(2)).Count); // a batch of several events
        var message = refusals[^1].Message;
        Assert.Equal(422, refusals[^1].Status);
        var deadLetter = Assert.Single(kit.ReadAll(topics.DeadLetter));
        Assert.Equal(GmsRefusedException.Stage, KafkaTestKit.Header(deadLetter, "mlevents.error.stage"));
        Assert.Equal("3", KafkaTestKit.Header(deadLetter, "mlevents.source.offset"));
        Assert.Contains(message, KafkaTestKit.Header(deadLetter, "mlevents.error.reason"), StringComparison.Ordinal);
        Assert.Contains("HTTP 422", KafkaTestKit.Header(deadLetter, "mlevents.error.reason"), StringComparison.Ordinal);
        Assert.Equal(typeof(GmsRefusedException).FullName, KafkaTestKit.Header(deadLetter, "mlevents.error.exception"));

        var expected = new AspectStore();
        expected.ApplyAll(TestEvents.Expected(events.Where(e => e.EventId != "refuse-event-3")));
        Assert.Equal(Describe(expected.Snapshot()), Describe(gms.Snapshot()));
        Assert.Contains(logs.Entries, e => e.EventId == 183); // a batch of several events was refused and split
        AssertTokenNeverLogged(logs);
    }

    [Fact]
    public async Task GMS_down_then_back_loses_nothing_dead_letters_nothing_and_commits_nothing_while_down()
    {
        var topics = fixture.NewTopics();
        var before = TestEvents.ManyRuns(3, "before");
        var during = TestEvents.ManyRuns(6, "during");
        await using var gms = await EmbeddedGms.StartNewAsync(new EmbeddedGmsOptions { Token = Token });
        var logs = new CapturingLoggerProvider();
        using var host = RestHost(topics, gms.Url, logs, new() { ["DataHub:Rest:Token"] = Token });
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await PublishAsync(topics.Events, before);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == before.Count, Patience, "the first events committed");

        await gms.TakeDownAsync();
        await PublishAsync(topics.Events, during);
        await KafkaTestKit.WaitUntil(() => logs.Entries.Count(e => e.EventId == 181) >= 3, Patience, "three failed GMS requests");
        var readinessWhileDown = await GmsReadinessAsync(host);
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // auto-commit runs every 200 ms: it would have committed by now
        var committedWhileDown = kit.CommittedTotal(topics.Group, topics.Events);

        await gms.BringUpAsync();
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == before.Count + during.Count, Patience, "every event committed after GMS is back");
        var readinessAfter = await GmsReadinessAsync(host);
        await host.StopAsync();

        Assert.Equal(before.Count, committedWhileDown);
        Assert.Equal(HealthStatus.Unhealthy, readinessWhileDown.Status);
        Assert.Equal(HealthStatus.Healthy, readinessAfter.Status);
        Assert.Empty(kit.ReadAll(topics.DeadLetter));
        var expected = new AspectStore();
        expected.ApplyAll(TestEvents.Expected([.. before, .. during]));
        Assert.Equal(Describe(expected.Snapshot()), Describe(gms.Snapshot()));
        AssertTokenNeverLogged(logs);
        Assert.True(metrics.Sum(WorkerMetrics.GmsRequestsName, ("action", GmsClient.IngestAction), ("status", "connection_error")) >= 3);
        Assert.True(metrics.Sum(WorkerMetrics.GmsRequestsName, ("action", GmsClient.IngestAction), ("status", "200")) >= 2);
        Assert.Equal(TestEvents.Expected([.. before, .. during]).Count, metrics.Sum(WorkerMetrics.McpsProducedName, ("topic", WorkerMetrics.GmsTarget)));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_before_the_events_are_sent_again_and_nothing_is_dead_lettered()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.ManyRuns(2, "throttled");
        await using var gms = await EmbeddedGms.StartNewAsync();
        var logs = new CapturingLoggerProvider();
        using var host = RestHost(topics, gms.Url, logs, []);
        await host.StartAsync();
        gms.FailNextRequests(1, System.Net.HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(2));
        var kit = new KafkaTestKit(fixture.BootstrapServers);

        var sent = System.Diagnostics.Stopwatch.StartNew();
        await PublishAsync(topics.Events, events, partition: 0);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == events.Count, Patience, "every event committed");
        var elapsed = sent.Elapsed;
        await host.StopAsync();

        // Worker:RetryMaxDelay is 400 ms here: only GMS's Retry-After explains a wait of 2 s.
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.9), $"committed after {elapsed.TotalSeconds:0.00} s, before Retry-After (2 s) had passed");
        Assert.Equal(1, gms.RequestsWithStatus(429));
        Assert.Contains(logs.Entries, e => e.EventId == 181 && e.Message.Contains("HTTP 429", StringComparison.Ordinal));
        Assert.Empty(kit.ReadAll(topics.DeadLetter));
        Assert.Equal(TestEvents.Expected(events).Count, gms.ProposalsApplied);
    }

    [Fact]
    public async Task A_refused_token_is_a_configuration_error_nothing_is_dead_lettered_or_committed_and_no_token_is_logged()
    {
        var topics = fixture.NewTopics();
        const string WrongToken = "wrong-token-51d2-do-not-log";
        await using var gms = await EmbeddedGms.StartNewAsync(new EmbeddedGmsOptions { Token = Token });
        var logs = new CapturingLoggerProvider();
        using var host = RestHost(topics, gms.Url, logs, new() { ["DATAHUB_GMS_TOKEN"] = WrongToken });
        await host.StartAsync(); // the start-up check reads /config, which GMS serves without authentication
        await PublishAsync(topics.Events, TestEvents.ManyRuns(2, "unauthorized"));

        await KafkaTestKit.WaitUntil(() => logs.Entries.Count(e => e.EventId == 182) >= 3, Patience, "three configuration errors logged");
        var readiness = await GmsReadinessAsync(host);
        await host.StopAsync();

        var kit = new KafkaTestKit(fixture.BootstrapServers);
        Assert.Equal(0, kit.CommittedTotal(topics.Group, topics.Events));
        Assert.Empty(kit.ReadAll(topics.DeadLetter));
        Assert.Equal(0, gms.ProposalsApplied);
        Assert.Equal(HealthStatus.Unhealthy, readiness.Status);
        Assert.Contains("401", readiness.Description, StringComparison.Ordinal);
        var error = logs.Entries.First(e => e.EventId == 182);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("DATAHUB_GMS_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.All(logs.Entries, entry => Assert.DoesNotContain(WrongToken, entry.Message + string.Join(" ", entry.Values.Values), StringComparison.Ordinal));
        AssertTokenNeverLogged(logs);
    }

    [Fact]
    public async Task With_GMS_not_answering_the_worker_stops_within_its_shutdown_timeout_and_commits_nothing_unanswered()
    {
        var topics = fixture.NewTopics();
        await using var gms = await EmbeddedGms.StartNewAsync();
        var logs = new CapturingLoggerProvider();
        using var host = RestHost(topics, gms.Url, logs, new() { ["Worker:ShutdownTimeout"] = "00:00:03", ["DataHub:Rest:RequestTimeout"] = "00:01:00" });
        await host.StartAsync();
        gms.Latency = TimeSpan.FromMinutes(2); // requests hang (a stuck GMS or network)
        await PublishAsync(topics.Events, TestEvents.ManyRuns(4, "hanging"));
        await KafkaTestKit.WaitUntil(() => gms.RequestCount > 0, Patience, "a request under way");

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await host.StopAsync(CancellationToken.None);
        var elapsed = stopping.Elapsed;

        output.WriteLine($"stopped in {elapsed.TotalSeconds:F1} s with GMS not answering (Worker:ShutdownTimeout 3 s)");
        Assert.True(elapsed < TimeSpan.FromSeconds(3 + 3), $"stop took {elapsed.TotalSeconds:F1} s, bound 3 s (+3 s slack for the host)");
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        Assert.Equal(0, kit.CommittedTotal(topics.Group, topics.Events));
        Assert.Empty(kit.ReadAll(topics.DeadLetter));
        Assert.Equal(0, gms.ProposalsApplied);
        gms.Latency = TimeSpan.Zero;
    }

    private IHost RestHost(
        PipelineTopics topics, string gmsUrl, CapturingLoggerProvider logs, Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        settings["DataHub:Sink"] = "Rest";
        settings["DataHub:Rest:ServerUrl"] = gmsUrl;
        settings["DataHub:Rest:RequestTimeout"] = "00:00:05";
        return PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output, settings, services =>
        {
            services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
            configure?.Invoke(services);
        });
    }

    private static async Task<HealthReportEntry> GmsReadinessAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == WorkerReadiness.GmsReachable);
        return report.Entries[WorkerReadiness.GmsReachable];
    }

    private static void AssertTokenNeverLogged(CapturingLoggerProvider logs)
    {
        Assert.NotEmpty(logs.Entries);
        foreach (var entry in logs.Entries)
        {
            Assert.DoesNotContain(Token, entry.Message, StringComparison.Ordinal);
            Assert.All(entry.Values.Values, value => Assert.DoesNotContain(Token, value?.ToString() ?? "", StringComparison.Ordinal));
        }
    }

    private static string[] Describe(IReadOnlyDictionary<(string Urn, string AspectName), string> state) =>
        [.. state.Select(kv => $"{kv.Key.Urn} {kv.Key.AspectName} {kv.Value}").Order(StringComparer.Ordinal)];

    private async Task PublishAsync(string topic, IEnumerable<MlEvent> events, int? partition = null)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });
        if (partition is null)
        {
            using var publisher = new EventPublisher(fixture.BootstrapServers, registry);
            await publisher.PublishAsync(topic, events);
            return;
        }

        var serializer = new AvroSerializer<GenericRecord>(registry);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers, EnableIdempotence = true })
            .SetLogHandler((_, _) => { }).Build();
        foreach (var mlEvent in events)
        {
            var value = await serializer.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), new SerializationContext(MessageComponentType.Value, topic));
            await producer.ProduceAsync(new TopicPartition(topic, partition.Value), new Message<string, byte[]> { Key = EventKeys.For(mlEvent), Value = value });
        }
    }
}
