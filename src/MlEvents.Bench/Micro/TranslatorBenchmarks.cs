using BenchmarkDotNet.Attributes;
using Confluent.Kafka;
using MlEvents.Bench.Workload;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;

namespace MlEvents.Bench.Micro;

/// <summary>
/// The worker's whole per-event CPU work: <see cref="AvroEventTranslator.TranslateAsync"/> (wire-format Avro decode with
/// schema resolution, conversion, MCP Avro encoding), against the embedded registry (schemas cached after the first call).
/// </summary>
[MemoryDiagnoser]
public class TranslatorBenchmarks
{
    private const string Topic = "bench.events";
    private EmbeddedSchemaRegistry _registry = null!;
    private CachedSchemaRegistryClient _client = null!;
    private AvroEventTranslator _translator = null!;
    private ConsumeResult<byte[]?, byte[]?> _input = null!;

    [Params(nameof(RunStarted), nameof(RunFinished), nameof(ModelRegistered))]
    public string EventType { get; set; } = nameof(RunStarted);

    [GlobalSetup]
    public void Setup()
    {
        _registry = EmbeddedSchemaRegistry.StartNewAsync().GetAwaiter().GetResult();
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        _translator = new AvroEventTranslator(_client, new SchemaRegistryOptions().ToSerializerConfig(), new EventConverter(new ConversionOptions()), "bench.mcps");
        var serializer = new AvroSerializer<Avro.Generic.GenericRecord>(_client);
        var value = serializer.SerializeAsync(
            MlEventAvro.ToGenericRecord(EventFactory.Create(42, EventType)), new SerializationContext(MessageComponentType.Value, Topic)).GetAwaiter().GetResult();
        _input = new ConsumeResult<byte[]?, byte[]?>
        {
            Topic = Topic,
            Partition = 0,
            Offset = 0,
            Message = new Message<byte[]?, byte[]?> { Value = value, Timestamp = new Timestamp(DateTime.UtcNow) },
        };
        if (Translate().GetAwaiter().GetResult() is not TranslationResult.Translated)
        {
            throw new InvalidOperationException("the benchmark event does not translate");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _registry.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public ValueTask<TranslationResult> Translate() => _translator.TranslateAsync(_input, CancellationToken.None);
}
