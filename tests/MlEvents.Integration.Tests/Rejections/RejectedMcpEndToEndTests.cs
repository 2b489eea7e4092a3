using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Conversion;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;
using MlEvents.Integration.Tests.EndToEnd;
using MlEvents.Integration.Tests.Operations;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Diagnostics;
using MlEvents.DevHost.Embedded;
using MlEvents.Worker.Rejections;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Rejections;

/// <summary>
/// The whole path of a refused MCP on the embedded cluster: the worker (GenericPatch mode) produces MCPs, a simulated GMS
/// (AspectStore, refusing what every stored GMS refuses) writes FailedMetadataChangeProposal records as GMS does (Avro,
/// registry wire format, keyed by URN), and the worker's monitor counts and logs each of its own; other producers' records
/// and unreadable ones are not counted as ours; the CLI's reader lists them.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RejectedMcpEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Refused_mcps_of_the_worker_are_counted_logged_and_listed_and_other_producers_records_are_not_counted()
    {
        var topics = fixture.NewTopics();
        var failedTopic = "fmcp-" + topics.Group;
        fixture.Cluster.CreateTopic(failedTopic, 2);
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(topics, failedTopic, logs, WriteMode.GenericPatch);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });
        await host.StartAsync();
        try
        {
            var events = TestEvents.Scenario();
            var expected = events.SelectMany(new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch }).Convert).ToList();
            using (var publisher = new EventPublisher(fixture.BootstrapServers, registry))
            {
                await publisher.PublishAsync(topics.Events, events);
            }

            var received = await McpTopicReader.ReadAsync(fixture.BootstrapServers, registry, topics.Mcp, expected.Count, Timeout);
            Assert.Equal(expected.Count, received.Count);

            // Records of other producers share the topic: an ingestion recipe's MCP, one without systemMetadata, and garbage.
            await GmsSimulator.WriteFailedMcpsAsync(
            [
                (OtherProducer("urn:li:dataset:(urn:li:dataPlatform:hive,db.t,PROD)", new SystemMetadata { RunId = "file-2026_11_30", Properties = new Dictionary<string, string> { ["clientId"] = "acryl-datahub" } }),
                    "java.lang.RuntimeException: Unknown aspect browsePaths for entity dataset\n\tat com.linkedin.metadata.entity.EntityServiceImpl.ingestProposal"),
                (OtherProducer("urn:li:dataset:(urn:li:dataPlatform:hive,db.u,PROD)", null), "com.linkedin.metadata.aspect.plugins.validation.AspectValidationException: bad"),
            ], fixture.BootstrapServers, registry, failedTopic);
            ProduceRaw(failedTopic, [0x00, 0x01, 0x02]);

            var simulation = await GmsSimulator.ApplyAsync(received.Select(r => r.Mcp), new AspectStore(), fixture.BootstrapServers, registry, failedTopic);
            Assert.NotEmpty(simulation.Refused);
            Assert.All(simulation.Refused, r => Assert.Equal(ChangeType.Patch, r.Mcp.ChangeType));
            Assert.All(simulation.Refused, r => Assert.DoesNotContain(r.Mcp.AspectName, AspectNames.PatchTemplates));

            await KafkaTestKit.WaitUntil(
                () => metrics.Sum(WorkerMetrics.RejectedMcpsName) == simulation.Refused.Count
                    && metrics.Sum(WorkerMetrics.FailedMcpRecordsName, ("producer", "other")) == 2
                    && metrics.Sum(WorkerMetrics.FailedMcpRecordsName, ("producer", "unreadable")) == 1,
                Timeout, "every failed-MCP record read");

            foreach (var group in simulation.Refused.GroupBy(r => (r.Mcp.EntityType, r.Mcp.AspectName)))
            {
                Assert.Equal(group.Count(), metrics.Sum(WorkerMetrics.RejectedMcpsName, ("entity_type", group.Key.EntityType), ("aspect", group.Key.AspectName)));
            }

            var lines = logs.Entries.Where(e => e.EventId == 300).ToList();
            Assert.Equal(simulation.Refused.Count, lines.Count);
            var eventIds = events.Select(e => e.EventId).ToHashSet();
            Assert.All(lines, line =>
            {
                Assert.Equal(LogLevel.Error, line.Level);
                Assert.Contains((string)line.Values["EventId"]!, eventIds);
                Assert.StartsWith("urn:li:", (string)line.Values["EntityUrn"]!, StringComparison.Ordinal);
                var error = (string)line.Values["Error"]!;
                Assert.StartsWith("java.lang.UnsupportedOperationException: Aspect: ", error, StringComparison.Ordinal);
                Assert.DoesNotContain('\n', error); // first line only
            });
            Assert.DoesNotContain(logs.Entries, e => e.EventId == 300 && e.Message.Contains("urn:li:dataset", StringComparison.Ordinal));

            // What `mlevents rejections` lists.
            var consumer = new ConsumerConfig { BootstrapServers = fixture.BootstrapServers };
            var ours = await FailedMcpTopicReader.ReadRecentAsync(consumer, registry, failedTopic, 100, includeOtherProducers: false, TimeSpan.FromSeconds(20));
            Assert.True(ours.TopicExists);
            Assert.Equal(simulation.Refused.Count, ours.Rejections.Count);
            Assert.All(ours.Rejections, r => Assert.True(r.IsOurs));
            Assert.Equal(1, ours.Unreadable);
            var everything = await FailedMcpTopicReader.ReadRecentAsync(consumer, registry, failedTopic, 100, includeOtherProducers: true, TimeSpan.FromSeconds(20));
            Assert.Equal(simulation.Refused.Count + 2, everything.Rejections.Count);
            var newest = await FailedMcpTopicReader.ReadRecentAsync(consumer, registry, failedTopic, 1, includeOtherProducers: false, TimeSpan.FromSeconds(20));
            Assert.Single(newest.Rejections);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Standard_mode_mcps_are_all_applied_so_nothing_reaches_the_failed_topic()
    {
        var topics = fixture.NewTopics();
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });
        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(topics, "fmcp-" + topics.Group, logs, WriteMode.Standard);
        await host.StartAsync();
        try
        {
            var events = TestEvents.Scenario();
            using (var publisher = new EventPublisher(fixture.BootstrapServers, registry))
            {
                await publisher.PublishAsync(topics.Events, events);
            }

            var expected = TestEvents.Expected(events);
            var received = await McpTopicReader.ReadAsync(fixture.BootstrapServers, registry, topics.Mcp, expected.Count, Timeout);
            Assert.Equal(expected.Count, received.Count);
            var simulation = await GmsSimulator.ApplyAsync(received.Select(r => r.Mcp), new AspectStore(), fixture.BootstrapServers, registry, "fmcp-" + topics.Group);
            Assert.Empty(simulation.Refused);
            Assert.Equal(expected.Count, simulation.Applied);

            // The failed-MCP topic does not exist: a warning, and the worker carried on (it produced every MCP above).
            await KafkaTestKit.WaitUntil(() => logs.Entries.Any(e => e.EventId == 302), Timeout, "missing-topic warning");
            Assert.Equal(LogLevel.Warning, logs.Entries.First(e => e.EventId == 302).Level);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_rejection_read_while_the_schema_registry_is_down_is_counted_once_it_is_back()
    {
        var topics = fixture.NewTopics();
        var failedTopic = "fmcp-" + topics.Group;
        fixture.Cluster.CreateTopic(failedTopic, 1);
        var ours = new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch })
            .Convert(TestEvents.Scenario().First(e => e.Payload is Contracts.RunStarted))
            .First(m => m.ChangeType == ChangeType.Patch);
        byte[] bytes;
        using (var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url }))
        {
            bytes = await new AvroSerializer<Avro.Generic.GenericRecord>(registry, new AvroSerializerConfig { AutoRegisterSchemas = true })
                .SerializeAsync(MlEvents.DataHub.Serialization.FailedMcpAvro.ToGenericRecord(ours, "java.lang.UnsupportedOperationException: x"),
                    new SerializationContext(MessageComponentType.Value, failedTopic));
        }

        var logs = new CapturingLoggerProvider();
        using var host = BuildHost(topics, failedTopic, logs, WriteMode.Standard);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync(); // the start-up check needs the registry
        fixture.Registry.SetAvailable(false);
        try
        {
            ProduceRaw(failedTopic, bytes);
            await KafkaTestKit.WaitUntil(() => logs.Entries.Any(e => e.EventId == 306), Timeout, "registry-unavailable warning");
            Assert.Equal(0, metrics.Sum(WorkerMetrics.RejectedMcpsName));
            Assert.Equal(0, metrics.Sum(WorkerMetrics.FailedMcpRecordsName));

            fixture.Registry.SetAvailable(true);
            await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.RejectedMcpsName) == 1, Timeout, "the rejection counted after the registry returned");
            Assert.Single(logs.Entries, e => e.EventId == 300);
        }
        finally
        {
            fixture.Registry.SetAvailable(true);
            await host.StopAsync();
        }
    }

    private IHost BuildHost(PipelineTopics topics, string failedTopic, CapturingLoggerProvider logs, WriteMode mode) =>
        PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output,
            new Dictionary<string, string?>
            {
                ["Conversion:WriteMode"] = mode.ToString(),
                ["Rejections:Enabled"] = "true",
                ["Rejections:Topic"] = failedTopic,
                ["Rejections:GroupId"] = "rejections-" + topics.Group,
                ["Rejections:StartFrom"] = "Earliest",
                ["Rejections:RetryDelay"] = "00:00:00.200",
            },
            services => services.AddSingleton<ILoggerProvider>(logs));

    private static MetadataChangeProposal OtherProducer(string urn, SystemMetadata? systemMetadata) => new()
    {
        EntityType = "dataset",
        EntityUrn = urn,
        ChangeType = ChangeType.Upsert,
        AspectName = "browsePaths",
        AspectValue = """{"paths":["/prod/hive"]}"""u8.ToArray(),
        ContentType = ContentTypes.Json,
        SystemMetadata = systemMetadata,
    };

    private void ProduceRaw(string topic, byte[] value)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        producer.Produce(topic, new Message<Null, byte[]> { Value = value });
        producer.Flush(TimeSpan.FromSeconds(10));
    }
}
