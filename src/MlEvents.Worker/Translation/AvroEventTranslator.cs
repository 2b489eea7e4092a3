using Avro;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.SchemaRegistry;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Worker.Translation;

/// <summary>
/// The worker's translator: a Confluent-wire-format Avro event (writer schema from the registry, resolved against
/// <see cref="MlEventAvro.Schema"/>) becomes the MCPs <see cref="EventConverter"/> makes of it, each serialized as
/// DataHub's MCP Avro record under the MCP topic's subject and keyed by its entity URN.
/// Permanent problems are returned as <see cref="TranslationResult.Poison"/> with a <see cref="TranslationStages"/> stage;
/// an unreachable registry throws <see cref="TransientException"/> (the pipeline pauses the partition and retries).
/// Thread-safe.
/// </summary>
public sealed class AvroEventTranslator : IEventTranslator
{
    private readonly AvroDeserializer<GenericRecord> _deserializer;
    private readonly AvroSerializer<GenericRecord> _serializer;
    private readonly EventConverter _converter;
    private readonly string _mcpTopic;

    public AvroEventTranslator(ISchemaRegistryClient registry, AvroSerializerConfig mcpSerializerConfig, EventConverter converter, string mcpTopic)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(converter);
        ArgumentException.ThrowIfNullOrWhiteSpace(mcpTopic);
        _deserializer = new AvroDeserializer<GenericRecord>(registry, new AvroDeserializerConfig { ReaderSchema = MlEventAvro.SchemaJson });
        _serializer = new AvroSerializer<GenericRecord>(registry, mcpSerializerConfig);
        _converter = converter;
        _mcpTopic = mcpTopic;
    }

    public async ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var value = input.Message.Value;
        if (value is null || value.Length == 0)
        {
            return TranslationResult.Poison(TranslationStages.Deserialize, "the record has no value (null or empty): not an Avro MlEvent");
        }

        GenericRecord record;
        try
        {
            var context = new SerializationContext(MessageComponentType.Value, input.Topic, input.Message.Headers);
            record = await _deserializer.DeserializeAsync(value, isNull: false, context).ConfigureAwait(false);
        }
        catch (Exception e) when (SchemaRegistryErrors.IsTransient(e))
        {
            throw new TransientException($"schema registry unavailable while reading {input.TopicPartitionOffset}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TranslationResult.Poison(TranslationStages.Deserialize, DescribeDeserializeFailure(e), e);
        }

        MlEvent mlEvent;
        try
        {
            mlEvent = MlEventAvro.FromGenericRecord(record);
        }
        catch (EventFormatException e)
        {
            return TranslationResult.Poison(TranslationStages.Deserialize, $"the Avro record is not a readable MlEvent: {e.Message}", e);
        }

        IReadOnlyList<MetadataChangeProposal> mcps;
        try
        {
            mcps = _converter.Convert(mlEvent);
        }
        catch (EventValidationException e)
        {
            return TranslationResult.Poison(TranslationStages.Validate, e.Message, e);
        }
        catch (ConversionException e)
        {
            return TranslationResult.Poison(TranslationStages.Convert, e.Message, e);
        }

        var eventType = mlEvent.Payload.TypeName;
        var records = new OutgoingRecord[mcps.Count];
        var mcpContext = new SerializationContext(MessageComponentType.Value, _mcpTopic);
        var mcpRecords = FastRecords(mcps);
        for (var i = 0; i < mcps.Count; i++)
        {
            var mcp = mcps[i];
            cancellationToken.ThrowIfCancellationRequested();
            byte[] bytes;
            try
            {
                bytes = await _serializer.SerializeAsync(mcpRecords?[i] ?? McpAvro.ToGenericRecord(mcp), mcpContext).ConfigureAwait(false);
            }
            catch (Exception e) when (SchemaRegistryErrors.IsTransient(e))
            {
                throw new TransientException($"schema registry unavailable while writing the MCP of {input.TopicPartitionOffset}: {e.Message}", e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return TranslationResult.Poison(
                    TranslationStages.Serialize, $"MCP {mcp.AspectName} of {mcp.EntityUrn} cannot be written for topic {_mcpTopic}: {e.Message}", e);
            }

            records[i] = new OutgoingRecord(mcp.EntityUrn, bytes, mcp.AspectName);
        }

        return TranslationResult.Success(records, eventType, mlEvent.EventId);
    }

    /// <summary>
    /// The MCP records through <see cref="McpRecordFactory"/> (same values, less work per MCP); null when that fails, so
    /// that <see cref="McpAvro.ToGenericRecord"/> reports the failing MCP exactly as before.
    /// </summary>
    private static GenericRecord[]? FastRecords(IReadOnlyList<MetadataChangeProposal> mcps)
    {
        try
        {
            return McpRecordFactory.For().CreateAll(mcps);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or AvroException)
        {
            return null;
        }
    }

    private static string DescribeDeserializeFailure(Exception e) => e switch
    {
        InvalidDataException => $"not a Confluent-wire-format Avro record: {e.Message}",
        SchemaRegistryException { ErrorCode: SchemaRegistryErrorCodes.SchemaNotFound or 404 } => $"unknown writer schema id: {e.Message}",
        AvroSchemaIncompatibleException => $"writer schema incompatible with MlEvent.avsc: {e.Message}",
        _ => e.Message,
    };
}
