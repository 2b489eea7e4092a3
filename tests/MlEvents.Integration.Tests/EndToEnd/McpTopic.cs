using MlEvents.Translation.Serdes;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>An MCP record as it sits on the MCP topic: key, schema id, and the value decoded with DataHub's MCP schema.</summary>
public sealed record McpRecord(string Key, int SchemaId, MetadataChangeProposal Mcp, byte[] Value);

public static class McpTopic
{
    /// <summary>Waits until the topic holds at least <paramref name="count"/> records.</summary>
    public static Task WaitForCountAsync(string bootstrapServers, string topic, int count, TimeSpan timeout) =>
        KafkaTestKit.WaitUntil(() => McpTopicReader.Count(bootstrapServers, topic) >= count, timeout, $"{count} records on {topic}");

    /// <summary>Everything on the topic, decoded through the registry with DataHub's MCP schema as the reader schema.</summary>
    public static async Task<IReadOnlyList<McpRecord>> ReadAllAsync(string bootstrapServers, string registryUrl, string topic)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        var records = new List<McpRecord>();
        foreach (var record in new KafkaTestKit(bootstrapServers).ReadAll(topic))
        {
            var value = record.Message.Value!;
            var decoded = await deserializer.DeserializeAsync(value, false, new SerializationContext(MessageComponentType.Value, topic));
            records.Add(new McpRecord(KafkaTestKit.Text(record.Message.Key), ConfluentWireFormat.ReadSchemaId(value), McpAvro.FromGenericRecord(decoded), value));
        }

        return records;
    }
}
