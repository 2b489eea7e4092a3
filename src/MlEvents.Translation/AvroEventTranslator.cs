using Avro;
using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Translation.Serdes;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Translation;

/// <summary>
/// The worker's translator: a Confluent-wire-format Avro event (writer schema from the registry, resolved against
/// <see cref="MlEventAvro.Schema"/>) becomes the MCPs <see cref="EventConverter"/> makes of it, each serialized as
/// DataHub's MCP Avro record under the MCP topic's subject and keyed by its entity URN, or (<see cref="McpEncoding.RestProposalJson"/>,
/// REST sink) as the proposal JSON that GMS's ingest endpoint takes.
/// Permanent problems are returned as <see cref="TranslationResult.Poison"/> with a <see cref="TranslationStages"/> stage;
/// an unreachable registry throws <see cref="SchemaRegistryUnavailableException"/> (the pipeline pauses the partition and retries).
/// Registry calls go through Confluent's <see cref="ISchemaRegistryClient"/>; reading through <see cref="BoundedAvroDeserializer"/>,
/// writing through <see cref="McpAvroWriter"/> (Confluent's wire format and bytes, resolved once per topic). Thread-safe.
/// </summary>
public sealed class AvroEventTranslator : IEventTranslator
{
    private readonly BoundedAvroDeserializer _deserializer;
    private readonly McpAvroWriter _writer;
    private readonly EventConverter _converter;
    private readonly string _mcpTopic;
    private readonly McpEncoding _encoding;

    public AvroEventTranslator(ISchemaRegistryClient registry, AvroSerializerConfig mcpSerializerConfig, EventConverter converter, string mcpTopic)
        : this(registry, mcpSerializerConfig, converter, mcpTopic, McpEncoding.Avro)
    {
    }

    /// <param name="encoding">Avro records for the MCP topic, or GMS's proposal JSON for the REST sink (no registry call for the MCPs).</param>
    public AvroEventTranslator(
        ISchemaRegistryClient registry, AvroSerializerConfig mcpSerializerConfig, EventConverter converter, string mcpTopic, McpEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(converter);
        ArgumentException.ThrowIfNullOrWhiteSpace(mcpTopic);
        _deserializer = new BoundedAvroDeserializer(registry, MlEventAvro.Schema);
        _writer = new McpAvroWriter(registry, mcpSerializerConfig);
        _converter = converter;
        _mcpTopic = mcpTopic;
        _encoding = encoding;
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
            record = await _deserializer.DeserializeAsync(value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && SchemaRegistryErrors.IsTransient(e))
        {
            throw new SchemaRegistryUnavailableException($"schema registry unavailable while reading {input.TopicPartitionOffset}: {e.Message}", e);
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

        if (_encoding == McpEncoding.RestProposalJson)
        {
            return AsRestProposals(mcps, mlEvent);
        }

        McpAvroWriter.Plan plan;
        try
        {
            plan = await _writer.PlanForAsync(_mcpTopic, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && SchemaRegistryErrors.IsTransient(e))
        {
            throw new SchemaRegistryUnavailableException($"schema registry unavailable while writing the MCPs of {input.TopicPartitionOffset}: {e.Message}", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return TranslationResult.Poison(TranslationStages.Serialize, $"no MCP schema for topic {_mcpTopic}: {e.Message}", e);
        }

        var records = new OutgoingRecord[mcps.Count];
        for (var i = 0; i < mcps.Count; i++)
        {
            var mcp = mcps[i];
            try
            {
                records[i] = new OutgoingRecord(mcp.EntityUrn, plan.Write(mcp), mcp.AspectName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return TranslationResult.Poison(
                    TranslationStages.Serialize, $"MCP {mcp.AspectName} of {mcp.EntityUrn} cannot be written for topic {_mcpTopic}: {e.Message}", e);
            }
        }

        return TranslationResult.Success(records, mlEvent.Payload.TypeName, mlEvent.EventId);
    }

    private static TranslationResult AsRestProposals(IReadOnlyList<MetadataChangeProposal> mcps, MlEvent mlEvent)
    {
        var records = new OutgoingRecord[mcps.Count];
        for (var i = 0; i < mcps.Count; i++)
        {
            records[i] = new OutgoingRecord(mcps[i].EntityUrn, McpRestJson.Proposal(mcps[i]), mcps[i].AspectName);
        }

        return TranslationResult.Success(records, mlEvent.Payload.TypeName, mlEvent.EventId);
    }

    private static string DescribeDeserializeFailure(Exception e) => e switch
    {
        InvalidDataException => $"not a Confluent-wire-format Avro record: {e.Message}",
        SchemaRegistryException { ErrorCode: 40403 or 404 } => $"unknown writer schema id: {e.Message}",
        AvroSchemaIncompatibleException => $"writer schema incompatible with MlEvent.avsc: {e.Message}",
        _ => e.Message,
    };
}
