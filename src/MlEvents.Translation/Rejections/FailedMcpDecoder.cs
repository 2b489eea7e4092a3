using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DataHub.Serialization;
using MlEvents.Translation.Serdes;

namespace MlEvents.Worker.Rejections;

/// <summary>
/// Decodes records of DataHub's failed-MCP topic: Confluent wire format, Avro, read with the writer schema the registry
/// names (any FailedMetadataChangeProposal version, fields read by name). Thread-safe.
/// </summary>
public sealed class FailedMcpDecoder(ISchemaRegistryClient registry)
{
    private readonly AvroDeserializer<GenericRecord> _deserializer = new(registry);

    /// <summary>The record's rejection, or null with a reason when the record is not a readable failed MCP.</summary>
    /// <exception cref="Exception">The registry could not be reached (<see cref="SchemaRegistryErrors.IsTransient"/>): read it again later.</exception>
    public async Task<(RejectedMcp? Rejection, string? Problem)> DecodeAsync(ConsumeResult<byte[]?, byte[]?> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var value = result.Message.Value;
        if (value is null || value.Length == 0)
        {
            return (null, "the record has no value");
        }

        try
        {
            var record = await _deserializer.DeserializeAsync(value, isNull: false,
                new SerializationContext(MessageComponentType.Value, result.Topic, result.Message.Headers)).ConfigureAwait(false);
            var failure = FailedMcpAvro.Read(record);
            return (new RejectedMcp(result.TopicPartitionOffset, result.Message.Timestamp.UtcDateTime, failure), null);
        }
        catch (Exception e) when (!SchemaRegistryErrors.IsTransient(e) && e is not OperationCanceledException)
        {
            return (null, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
