using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.DevHost.Embedded;

/// <summary>Publishes events the way producers should: Avro through the registry (subject <c>{topic}-value</c>), keyed by <see cref="EventKeys.For"/>.</summary>
public sealed class EventPublisher : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly AvroSerializer<GenericRecord> _serializer;

    public EventPublisher(string bootstrapServers, ISchemaRegistryClient registry)
    {
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
        }).SetLogHandler((_, _) => { }).Build();
        _serializer = new AvroSerializer<GenericRecord>(registry);
    }

    /// <summary>Produces the events in order and waits for every acknowledgement.</summary>
    public async Task PublishAsync(string topic, IEnumerable<MlEvent> events, CancellationToken cancellationToken = default)
    {
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var deliveries = new List<Task>();
        foreach (var mlEvent in events)
        {
            var value = await _serializer.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), context).ConfigureAwait(false);
            deliveries.Add(_producer.ProduceAsync(topic, new Message<string, byte[]> { Key = EventKeys.For(mlEvent), Value = value }, cancellationToken));
        }

        await Task.WhenAll(deliveries).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
