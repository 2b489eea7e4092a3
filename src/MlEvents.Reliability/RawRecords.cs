using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.SchemaRegistry;

namespace MlEvents.Reliability;

/// <summary>Encoding events ahead of time and producing arbitrary bytes, for inputs a well-behaved publisher would never send.</summary>
public static class RawRecords
{
    public static async Task<byte[]> EncodeAsync(ISchemaRegistryClient client, string topic, MlEvent mlEvent, AvroSerializerConfig? config = null) =>
        await new AvroSerializer<GenericRecord>(client, config)
            .SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), new SerializationContext(MessageComponentType.Value, topic));

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
