using Avro.Generic;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Contracts;
using MlEvents.Embedded;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class RecoveryEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_worker_stopped_mid_stream_and_restarted_delivers_every_MCP_at_least_once()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.ManyRuns(1500, "restart");
        var expected = TestEvents.Expected(events);
        await Publish(topics, events);

        var first = await RunUntil(topics, TimeSpan.FromMilliseconds(2), t => t.Translated >= 200, "first worker in mid-stream");
        var afterFirst = McpTopicReader.Count(fixture.BootstrapServers, topics.Mcp);
        Assert.InRange(afterFirst, 1, expected.Count - 1);

        await RunUntil(topics, TimeSpan.Zero, _ => McpTopicReader.Count(fixture.BootstrapServers, topics.Mcp) >= expected.Count, "every MCP delivered");

        var received = await McpTopic.ReadAllAsync(fixture.BootstrapServers, fixture.Registry.Url, topics.Mcp);
        var (missing, duplicates) = Reconcile(expected, received);
        output.WriteLine($"first worker translated {first.Translated} events; {received.Count} MCPs on the topic for {expected.Count} expected; {duplicates} duplicates");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Two_workers_in_one_group_share_the_partitions_and_together_deliver_everything()
    {
        var topics = fixture.NewTopics();
        var events = TestEvents.ManyRuns(800, "pair");
        var expected = TestEvents.Expected(events);
        CountingTranslator? left = null, right = null;
        using var leftHost = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output,
            configure: services => services.AddSingleton<IEventTranslator>(sp => left = new CountingTranslator(sp.CreateAvroEventTranslator())));
        using var rightHost = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output,
            configure: services => services.AddSingleton<IEventTranslator>(sp => right = new CountingTranslator(sp.CreateAvroEventTranslator())));
        await leftHost.StartAsync();
        await rightHost.StartAsync();
        // Both members hold partitions before anything is published (KIP-848 on the mock: usually within ~0.5 s).
        await KafkaTestKit.WaitUntil(() => AssignedCount(leftHost) > 0 && AssignedCount(rightHost) > 0, TimeSpan.FromSeconds(30), "both workers to hold partitions");

        await Publish(topics, events);
        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, expected.Count, TimeSpan.FromSeconds(30));
        await Task.WhenAll(leftHost.StopAsync(), rightHost.StopAsync());

        var received = await McpTopic.ReadAllAsync(fixture.BootstrapServers, fixture.Registry.Url, topics.Mcp);
        var (missing, duplicates) = Reconcile(expected, received);
        output.WriteLine($"left translated {left!.Translated}, right {right!.Translated}; {duplicates} duplicate MCPs");
        Assert.Empty(missing);
        Assert.True(left.Translated > 0 && right.Translated > 0, "both workers translated events");
        Assert.True(left.Translated + right.Translated >= events.Count);
    }

    [Fact]
    public async Task While_the_registry_is_unavailable_nothing_is_dead_lettered_and_everything_arrives_once_it_is_back()
    {
        var topics = fixture.NewTopics();
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync();
        var events = TestEvents.ManyRuns(40, "outage");
        var expected = TestEvents.Expected(events);
        using var host = PipelineHost.Build(fixture.BootstrapServers, registry.Url, topics, output);
        await host.StartAsync(); // the registry start-up check passes

        var encoded = await EncodeAll(registry.Url, topics.Events, events);
        registry.SetAvailable(false);
        await ProduceRaw(topics.Events, encoded);

        // Not "wait and see": the worker has met the outage (readiness) and retried through it several times.
        var readiness = host.Services.GetRequiredService<WorkerReadiness>();
        await KafkaTestKit.WaitUntil(() => !readiness.Registry.IsReady, TimeSpan.FromSeconds(30), "the worker to meet the registry outage");
        var requests = registry.RequestCount;
        await KafkaTestKit.WaitUntil(() => registry.RequestCount >= requests + 3, TimeSpan.FromSeconds(30), "the worker to retry during the outage");
        Assert.Equal(0, McpTopicReader.Count(fixture.BootstrapServers, topics.Mcp));
        Assert.Equal(0, McpTopicReader.Count(fixture.BootstrapServers, topics.DeadLetter));

        registry.SetAvailable(true);
        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, expected.Count, TimeSpan.FromSeconds(20));
        await host.StopAsync();

        var received = await McpTopic.ReadAllAsync(fixture.BootstrapServers, registry.Url, topics.Mcp);
        Assert.Empty(Reconcile(expected, received).Missing);
        Assert.Equal(0, McpTopicReader.Count(fixture.BootstrapServers, topics.DeadLetter));
    }

    /// <summary>Partitions the host last reported assigned (readiness note; a later revoke does not lower it).</summary>
    private static int AssignedCount(IHost host)
    {
        var (ready, reason) = host.Services.GetRequiredService<WorkerReadiness>().Assigned.Read();
        return ready && reason is not null && int.TryParse(reason.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    private async Task<CountingTranslator> RunUntil(PipelineTopics topics, TimeSpan delayPerEvent, Func<CountingTranslator, bool> condition, string what)
    {
        CountingTranslator? translator = null;
        using var host = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output,
            configure: services => services.AddSingleton<IEventTranslator>(sp => translator = new CountingTranslator(sp.CreateAvroEventTranslator(), delayPerEvent)));
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => translator is not null && condition(translator), TimeSpan.FromSeconds(40), what);
        await host.StopAsync();
        return translator!;
    }

    private async Task Publish(PipelineTopics topics, IReadOnlyList<MlEvent> events)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });
        using var publisher = new EventPublisher(fixture.BootstrapServers, registry);
        await publisher.PublishAsync(topics.Events, events);
    }

    private static async Task<IReadOnlyList<(string Key, byte[] Value)>> EncodeAll(string registryUrl, string topic, IReadOnlyList<MlEvent> events)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var serializer = new AvroSerializer<GenericRecord>(registry);
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var encoded = new List<(string, byte[])>();
        foreach (var mlEvent in events)
        {
            encoded.Add((EventKeys.For(mlEvent), await serializer.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), context)));
        }

        return encoded;
    }

    private async Task ProduceRaw(string topic, IReadOnlyList<(string Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        await Task.WhenAll(records.Select(r => producer.ProduceAsync(topic, new Message<string, byte[]> { Key = r.Key, Value = r.Value })));
    }

    /// <summary>Expected MCPs that never arrived, and how many arrived more than once.</summary>
    private static (List<string> Missing, int Duplicates) Reconcile(
        IReadOnlyList<MlEvents.DataHub.Mcps.MetadataChangeProposal> expected, IReadOnlyList<McpRecord> received)
    {
        var arrived = received.Select(r => TestEvents.Identity(r.Mcp)).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var wanted = expected.Select(TestEvents.Identity).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var missing = wanted.Where(kv => arrived.GetValueOrDefault(kv.Key) < kv.Value).Select(kv => kv.Key).ToList();
        var unexpected = arrived.Keys.Except(wanted.Keys).ToList();
        Assert.Empty(unexpected);
        Assert.All(received, r => Assert.Equal(r.Mcp.EntityUrn, r.Key));
        return (missing, received.Count - expected.Count);
    }
}
