using System.Diagnostics;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Translation.Serdes;

namespace MlEvents.DevHost.Embedded;

/// <summary>One MCP read back from the MCP topic: its Kafka key and the record decoded with DataHub's MCP schema.</summary>
public sealed record ReceivedMcp(string? Key, MetadataChangeProposal Mcp, int SchemaId, TopicPartitionOffset Position, DateTime Timestamp);

/// <summary>Reads the MCP topic from the beginning (no consumer group) and decodes DataHub's Avro MCPs through the registry.</summary>
public static class McpTopicReader
{
    /// <summary>Reads until <paramref name="expectedCount"/> records arrived or <paramref name="timeout"/> passed; returns what arrived.</summary>
    public static async Task<IReadOnlyList<ReceivedMcp>> ReadAsync(
        string bootstrapServers, ISchemaRegistryClient registry, string topic, int expectedCount, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        using var consumer = new ConsumerBuilder<string?, byte[]?>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "mlevents-embedded-reader", // never joins: partitions are assigned, nothing is committed
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Assign(Partitions(bootstrapServers, topic).Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var received = new List<ReceivedMcp>();
        var elapsed = Stopwatch.StartNew();
        try
        {
            while (received.Count < expectedCount && elapsed.Elapsed < timeout)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message?.Value is not { } value)
                {
                    continue;
                }

                var record = await deserializer.DeserializeAsync(value, isNull: false, new SerializationContext(MessageComponentType.Value, topic))
                    .ConfigureAwait(false);
                received.Add(new ReceivedMcp(
                    result.Message.Key, McpAvro.FromGenericRecord(record), ConfluentWireFormat.ReadSchemaId(value), result.TopicPartitionOffset, result.Message.Timestamp.UtcDateTime));
            }
        }
        finally
        {
            consumer.Close();
        }

        return received;
    }

    /// <summary>Records currently in the topic (sum of high watermarks minus low watermarks).</summary>
    public static long Count(string bootstrapServers, string topic)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "mlevents-embedded-counter" })
            .SetLogHandler((_, _) => { }).Build();
        return Partitions(bootstrapServers, topic)
            .Select(p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(5)))
            .Sum(w => w.High.Value - w.Low.Value);
    }

    private static IEnumerable<TopicPartition> Partitions(string bootstrapServers, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrapServers }).SetLogHandler((_, _) => { }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
    }
}
