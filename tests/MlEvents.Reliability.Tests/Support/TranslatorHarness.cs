using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;

namespace MlEvents.Reliability.Tests.Support;

/// <summary>
/// The worker's real translator (<see cref="AvroEventTranslator"/>) against an in-process schema registry, plus the
/// helpers to encode inputs the way producers do and to decode what it produced. Shared by a test class (xunit fixture).
/// </summary>
public sealed class TranslatorHarness : IAsyncLifetime
{
    public const string EventsTopic = "events";
    public const string McpTopic = "MetadataChangeProposal_v1";

    private AvroSerializer<GenericRecord>? _eventSerializer;
    private AvroDeserializer<GenericRecord>? _mcpDeserializer;
    private long _offset;

    public EmbeddedSchemaRegistry Registry { get; private set; } = null!;

    public ISchemaRegistryClient Client { get; private set; } = null!;

    public AvroEventTranslator Translator { get; private set; } = null!;

    public EventConverter Converter { get; } = new(new ConversionOptions());

    public async Task InitializeAsync()
    {
        Registry = await EmbeddedSchemaRegistry.StartNewAsync();
        Client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = Registry.Url, MaxRetries = 1, RequestTimeoutMs = 5000 });
        Translator = new AvroEventTranslator(Client, new AvroSerializerConfig(), Converter, McpTopic);
        _eventSerializer = new AvroSerializer<GenericRecord>(Client);
        _mcpDeserializer = new AvroDeserializer<GenericRecord>(Client);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Registry.DisposeAsync();
    }

    /// <summary>Confluent wire format, subject <c>events-value</c>, as <c>EventPublisher</c> writes it.</summary>
    public Task<byte[]> EncodeAsync(MlEvent mlEvent) =>
        _eventSerializer!.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), new SerializationContext(MessageComponentType.Value, EventsTopic));

    public ConsumeResult<byte[]?, byte[]?> Input(byte[]? value, string key = "key") => new()
    {
        Topic = EventsTopic,
        Partition = 0,
        Offset = Interlocked.Increment(ref _offset),
        Message = new Message<byte[]?, byte[]?> { Key = Encoding.UTF8.GetBytes(key), Value = value, Timestamp = new Timestamp(DateTime.UtcNow) },
    };

    public ValueTask<TranslationResult> TranslateAsync(byte[]? value) => Translator.TranslateAsync(Input(value), CancellationToken.None);

    public async Task<TranslationResult> TranslateAsync(MlEvent mlEvent) => await TranslateAsync(await EncodeAsync(mlEvent));

    /// <summary>The MCPs of a successful translation, decoded with DataHub's MCP schema.</summary>
    public async Task<IReadOnlyList<MetadataChangeProposal>> DecodeAsync(TranslationResult.Translated translated)
    {
        var mcps = new List<MetadataChangeProposal>();
        foreach (var record in translated.Records)
        {
            var generic = await _mcpDeserializer!.DeserializeAsync(record.Value, isNull: false, new SerializationContext(MessageComponentType.Value, McpTopic));
            mcps.Add(McpAvro.FromGenericRecord(generic));
        }

        return mcps;
    }
}
