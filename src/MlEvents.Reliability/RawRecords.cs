using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Reliability;

/// <summary>Encoding events ahead of time and producing arbitrary bytes, for inputs a well-behaved publisher would never send.</summary>
public static class RawRecords
{
    public static async Task<byte[]> EncodeAsync(ISchemaRegistryClient client, string topic, MlEvent mlEvent, AvroSerializerConfig? config = null) =>
        await EncodeAsync(client, topic, MlEventAvro.ToGenericRecord(mlEvent), config);

    /// <summary>
    /// <paramref name="mlEvent"/>'s fields in a record of <paramref name="writerSchema"/> (fields it lacks take their defaults):
    /// Confluent's serializer writes a record with its own schema, also with <c>UseLatestVersion</c>.
    /// </summary>
    public static async Task<byte[]> EncodeAsAsync(ISchemaRegistryClient client, string topic, MlEvent mlEvent, Avro.RecordSchema writerSchema, AvroSerializerConfig config)
    {
        var full = MlEventAvro.ToGenericRecord(mlEvent);
        var record = new GenericRecord(writerSchema);
        foreach (var field in writerSchema.Fields)
        {
            record.Add(field.Name, full.TryGetValue(field.Name, out var value) ? value : null);
        }

        return await EncodeAsync(client, topic, record, config);
    }

    private static Task<byte[]> EncodeAsync(ISchemaRegistryClient client, string topic, GenericRecord record, AvroSerializerConfig? config) =>
        new AvroSerializer<GenericRecord>(client, config).SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));

    /// <summary>Produces the records in order to one partition (or spread by key when <paramref name="partition"/> is null).</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, IEnumerable<(string Key, byte[] Value)> records, int? partition = 0)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, EnableIdempotence = true })
            .SetLogHandler((_, _) => { }).Build();
        foreach (var (key, value) in records)
        {
            var message = new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = value };
            if (partition is { } p)
            {
                await producer.ProduceAsync(new TopicPartition(topic, p), message);
            }
            else
            {
                await producer.ProduceAsync(topic, message);
            }
        }
    }
}
