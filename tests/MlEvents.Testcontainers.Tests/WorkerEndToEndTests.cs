using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker;
using MlEvents.DevHost.Embedded;
using MlEvents.Translation;

namespace MlEvents.Testcontainers.Tests;

/// <summary>The worker end to end on a real Kafka (KRaft) and a real Confluent Schema Registry.</summary>
[Collection(DockerCollection.Name)]
public sealed class WorkerEndToEndTests(KafkaWithSchemaRegistryFixture docker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [DockerFact]
    public async Task The_guides_scenario_goes_through_real_Kafka_and_Schema_Registry_as_DataHub_Avro_and_poison_is_dead_lettered()
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var (eventsTopic, mcpTopic, deadLetterTopic) = ($"events-{id}", $"mcp-{id}", $"dlq-{id}");
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = docker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync(new[] { eventsTopic, mcpTopic, deadLetterTopic }
                .Select(name => new TopicSpecification { Name = name, NumPartitions = 3, ReplicationFactor = 1 }));
        }

        var registryUrl = docker.SchemaRegistryUrl.ToString().TrimEnd('/');
        var events = EventsFile.Read(EmbeddedRunOptions.DefaultEventsFile);
        var expected = events.SelectMany(new EventConverter(new ConversionOptions()).Convert).ToList();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = docker.BootstrapServers,
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["SchemaRegistry:Url"] = registryUrl,
            ["Worker:EventsTopic"] = eventsTopic,
            ["Worker:McpTopic"] = mcpTopic,
            ["Worker:DeadLetterTopic"] = deadLetterTopic,
            ["Worker:GroupId"] = $"group-{id}",
            ["Metrics:Enabled"] = "false",
        });
        builder.Services.AddMlEventsWorker(builder.Configuration);
        builder.Services.AddMlEventsTranslation(builder.Configuration);
        using var host = builder.Build();
        await host.StartAsync();

        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        using (var publisher = new EventPublisher(docker.BootstrapServers, registry))
        {
            await publisher.PublishAsync(eventsTopic, events);
        }

        using (var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = docker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(eventsTopic, new Message<string, byte[]> { Key = "poison", Value = Encoding.UTF8.GetBytes("not avro") });
        }

        var received = await McpTopicReader.ReadAsync(docker.BootstrapServers, registry, mcpTopic, expected.Count, Timeout);
        var deadLetters = ReadRaw(deadLetterTopic, 1);
        await host.StopAsync();

        Assert.Equal(expected.Select(Identity).Order(StringComparer.Ordinal), received.Select(r => Identity(r.Mcp)).Order(StringComparer.Ordinal));
        Assert.All(received, r => Assert.Equal(r.Mcp.EntityUrn, r.Key));
        var subject = await registry.GetLatestSchemaAsync($"{mcpTopic}-value");
        Assert.All(received, r => Assert.Equal(subject.Id, r.SchemaId));
        Assert.Equal(Avro.SchemaNormalization.ToParsingForm(McpAvro.Schema), Avro.SchemaNormalization.ToParsingForm(Avro.Schema.Parse(subject.SchemaString)));

        var deadLetter = Assert.Single(deadLetters);
        Assert.Equal("poison", Encoding.UTF8.GetString(deadLetter.Message.Key!));
        Assert.True(deadLetter.Message.Headers.TryGetLastBytes("mlevents.error.stage", out var stage));
        Assert.Equal("deserialize", Encoding.UTF8.GetString(stage));
    }

    private List<ConsumeResult<byte[]?, byte[]?>> ReadRaw(string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = docker.BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var records = new List<ConsumeResult<byte[]?, byte[]?>>();
        var deadline = DateTime.UtcNow + Timeout;
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } record)
            {
                records.Add(record);
            }
        }

        consumer.Close();
        return records;
    }

    private static string Identity(MetadataChangeProposal mcp) => $"{mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()} {mcp.AspectJson}";
}
