using MlEvents.Translation.Serdes;
using System.Text;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Translation;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>The translator on its own, against the embedded registry (no Kafka).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AvroEventTranslatorTests(EndToEndFixture fixture)
{
    private const string EventsTopic = "translator-events";
    private const string McpTopicName = "translator-mcp";

    [Fact]
    public async Task A_valid_event_becomes_its_MCPs_serialized_for_the_MCP_topic_keyed_by_URN_and_labelled_by_aspect()
    {
        using var registry = Client(fixture.Registry.Url);
        var mlEvent = TestEvents.Scenario().First(e => e.Payload is RunStarted);
        var translator = Translator(registry);

        var result = Assert.IsType<TranslationResult.Translated>(await translator.TranslateAsync(Input(await Encode(registry, mlEvent)), default));

        var expected = TestEvents.Expected([mlEvent]);
        Assert.Equal("RunStarted", result.EventType);
        Assert.Equal(expected.Select(m => m.EntityUrn), result.Records.Select(r => r.Key));
        Assert.Equal(expected.Select(m => m.AspectName), result.Records.Select(r => r.MetricLabel));
        var deserializer = new AvroDeserializer<GenericRecord>(registry);
        for (var i = 0; i < expected.Count; i++)
        {
            var decoded = await deserializer.DeserializeAsync(result.Records[i].Value, false, new SerializationContext(MessageComponentType.Value, McpTopicName));
            Assert.Equal(TestEvents.Identity(expected[i]), TestEvents.Identity(McpAvro.FromGenericRecord(decoded)));
        }

        var subject = await registry.GetLatestSchemaAsync($"{McpTopicName}-value");
        Assert.All(result.Records, r => Assert.Equal(subject.Id, ConfluentWireFormat.ReadSchemaId(r.Value)));
    }

    [Fact]
    public async Task Record_bytes_equal_the_general_path_for_every_event_of_the_scenario()
    {
        // The translator builds MCP records through McpRecordFactory; the bytes must be those of McpAvro.ToGenericRecord.
        using var registry = Client(fixture.Registry.Url);
        var translator = Translator(registry);
        var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig());
        var converter = new EventConverter(new ConversionOptions());
        var context = new SerializationContext(MessageComponentType.Value, McpTopicName);
        foreach (var mlEvent in TestEvents.Scenario().Concat(TestEvents.ManyRuns(3, "bytes")))
        {
            var result = Assert.IsType<TranslationResult.Translated>(await translator.TranslateAsync(Input(await Encode(registry, mlEvent)), default));
            var mcps = converter.Convert(mlEvent);
            Assert.Equal(mcps.Count, result.Records.Count);
            for (var i = 0; i < mcps.Count; i++)
            {
                Assert.Equal(await serializer.SerializeAsync(McpAvro.ToGenericRecord(mcps[i]), context), result.Records[i].Value);
            }
        }
    }

    [Fact]
    public async Task Permanent_problems_are_poison_with_the_stage_that_failed()
    {
        using var registry = Client(fixture.Registry.Url);
        var translator = Translator(registry);
        var valid = TestEvents.ManyRuns(1, "translator")[0];

        await AssertPoison(translator, null, "deserialize", "no value");
        await AssertPoison(translator, Encoding.UTF8.GetBytes("{\"json\":true}"), "deserialize", "wire format");
        await AssertPoison(translator, [0, 0x7F, 0, 0, 1, 2], "deserialize", "unknown writer schema id");
        var truncated = await Encode(registry, valid);
        await AssertPoison(translator, truncated[..8], "deserialize", "does not decode");
        await AssertPoison(translator, await Encode(registry, valid with { EventId = "" }), "validate", "eventId");
    }

    [Fact]
    public async Task An_unreachable_registry_is_a_transient_failure_not_poison()
    {
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync();
        using var client = Client(registry.Url);
        var encoded = await Encode(client, TestEvents.ManyRuns(1, "down")[0]);
        registry.SetAvailable(false);
        using var freshClient = Client(registry.Url); // nothing cached: must ask the registry for the writer schema
        var translator = Translator(freshClient);

        var error = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(async () => await translator.TranslateAsync(Input(encoded), default));

        Assert.True(new DefaultTransientErrorClassifier().IsTransient(error));
        registry.SetAvailable(true);
        Assert.IsType<TranslationResult.Translated>(await translator.TranslateAsync(Input(encoded), default));
    }

    private static async Task AssertPoison(AvroEventTranslator translator, byte[]? value, string stage, string reasonPart)
    {
        var result = await translator.TranslateAsync(Input(value), default);
        var poison = Assert.IsType<TranslationResult.Poisoned>(result);
        Assert.Equal(stage, poison.Stage);
        Assert.Contains(reasonPart, poison.Reason, StringComparison.OrdinalIgnoreCase);
    }

    private static CachedSchemaRegistryClient Client(string url) =>
        new(new SchemaRegistryConfig { Url = url, MaxRetries = 1, RequestTimeoutMs = 2000 });

    private static AvroEventTranslator Translator(ISchemaRegistryClient registry) =>
        new(registry, new AvroSerializerConfig(), new EventConverter(new ConversionOptions()), McpTopicName);

    private static Task<byte[]> Encode(ISchemaRegistryClient registry, MlEvent mlEvent) =>
        new AvroSerializer<GenericRecord>(registry).SerializeAsync(
            MlEventAvro.ToGenericRecord(mlEvent), new SerializationContext(MessageComponentType.Value, EventsTopic));

    private static ConsumeResult<byte[]?, byte[]?> Input(byte[]? value) => new()
    {
        Topic = EventsTopic,
        Partition = 0,
        Offset = 7,
        Message = new Message<byte[]?, byte[]?> { Key = null, Value = value, Headers = [] },
    };
}
