using System.Diagnostics;
using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Translation;

namespace MlEvents.Bench.Workload;

/// <summary>
/// Publishes a workload the way producers do (Avro through the registry, subject <c>{topic}-value</c>, keyed by
/// <see cref="EventKeys.For"/>), optionally paced, and optionally the MCP records the worker would make of the same events
/// (converted and serialized exactly like <see cref="AvroEventTranslator"/>, keyed by URN) for the passthrough baseline.
/// </summary>
public sealed class EventFeeder : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly AvroSerializer<GenericRecord> _eventSerializer;
    private readonly AvroSerializer<GenericRecord> _mcpSerializer;
    private readonly EventConverter _converter;
    private long _delivered;
    private long _failed;
    private Error? _lastError;

    public EventFeeder(string bootstrapServers, ISchemaRegistryClient registry, EventConverter converter)
    {
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            CompressionType = CompressionType.Lz4,
            QueueBufferingMaxMessages = 500_000,
        }).SetLogHandler((_, _) => { }).Build();
        _eventSerializer = new AvroSerializer<GenericRecord>(registry);
        _mcpSerializer = new AvroSerializer<GenericRecord>(registry, new SchemaRegistryOptions().ToSerializerConfig());
        _converter = converter;
    }

    /// <summary>
    /// Publishes events <c>[first, first + count)</c> of <paramref name="factory"/> to <paramref name="eventsTopic"/>, at most
    /// <paramref name="ratePerSecond"/> a second (0 = as fast as possible), and waits for every acknowledgement.
    /// With <paramref name="passthroughTopic"/>, also publishes their MCPs there, serialized for <paramref name="mcpTopic"/>.
    /// </summary>
    public async Task<FeedResult> PublishAsync(
        EventFactory factory, long first, long count, string eventsTopic, double ratePerSecond = 0,
        string? passthroughTopic = null, string? mcpTopic = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var eventContext = new SerializationContext(MessageComponentType.Value, eventsTopic);
        var mcpContext = new SerializationContext(MessageComponentType.Value, mcpTopic ?? "MetadataChangeProposal_v1");
        long eventBytes = 0, mcps = 0, mcpBytes = 0, sent = 0;
        var settledBefore = Interlocked.Read(ref _delivered) + Interlocked.Read(ref _failed);
        var failedBefore = Interlocked.Read(ref _failed);
        var clock = Stopwatch.StartNew();
        for (var index = first; index < first + count; index++)
        {
            if (ratePerSecond > 0)
            {
                while ((index - first) >= clock.Elapsed.TotalSeconds * ratePerSecond)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var mlEvent = factory.Create(index);
            var value = await _eventSerializer.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), eventContext).ConfigureAwait(false);
            eventBytes += value.Length;
            Produce(eventsTopic, Encoding.UTF8.GetBytes(EventKeys.For(mlEvent)), value);
            sent++;
            if (passthroughTopic is null)
            {
                continue;
            }

            foreach (var mcp in _converter.Convert(mlEvent))
            {
                var bytes = await _mcpSerializer.SerializeAsync(McpAvro.ToGenericRecord(mcp), mcpContext).ConfigureAwait(false);
                mcps++;
                mcpBytes += bytes.Length;
                Produce(passthroughTopic, Encoding.UTF8.GetBytes(mcp.EntityUrn), bytes);
                sent++;
            }
        }

        while (Interlocked.Read(ref _delivered) + Interlocked.Read(ref _failed) - settledBefore < sent)
        {
            _producer.Flush(TimeSpan.FromMilliseconds(100));
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (Interlocked.Read(ref _failed) > failedBefore)
        {
            throw new InvalidOperationException($"{Interlocked.Read(ref _failed) - failedBefore} records of the workload were not delivered: {_lastError}");
        }

        return new FeedResult(count, eventBytes, mcps, mcpBytes, clock.Elapsed);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }

    private void Produce(string topic, byte[] key, byte[] value)
    {
        var message = new Message<byte[], byte[]> { Key = key, Value = value };
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, OnDelivery);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            _lastError = report.Error;
            Interlocked.Increment(ref _failed);
        }
        else
        {
            Interlocked.Increment(ref _delivered);
        }
    }
}
