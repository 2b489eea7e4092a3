using System.Text;
using Avro;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class PoisonEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Poison_events_land_in_the_dead_letter_topic_with_their_headers_and_valid_events_after_them_still_arrive()
    {
        var topics = fixture.NewTopics();
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = fixture.Registry.Url });
        var valid = TestEvents.ManyRuns(2, "poison-valid");
        var invalid = valid[0] with { EventId = "invalid-1", Platform = "not a platform!" };
        var otherSchema = (RecordSchema)Avro.Schema.Parse("""{"type":"record","name":"Other","namespace":"test","fields":[{"name":"x","type":"int"}]}""");
        var other = new GenericRecord(otherSchema);
        other.Add("x", 42);

        // All on partition 0, in this order: the worker must get past each poison event to reach the last valid one.
        var inputs = new (string Kind, byte[] Value)[]
        {
            ("valid", await Encode(registry, topics.Events, MlEventAvro.ToGenericRecord(valid[0]))),
            ("garbage", Encoding.UTF8.GetBytes("definitely not avro")),
            ("wrong magic", [1, 0, 0, 0, 1, 2, 4, 6]),
            ("unknown schema id", [0, 0, 0, 0x27, 0x0F, 2, 4, 6]),
            ("invalid event", await Encode(registry, topics.Events, MlEventAvro.ToGenericRecord(invalid))),
            ("incompatible schema", await Encode(registry, topics.Events, other)),
            ("valid", await Encode(registry, topics.Events, MlEventAvro.ToGenericRecord(valid[1]))),
        };
        var expectedStages = new[] { "deserialize", "deserialize", "deserialize", "validate", "deserialize" };
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build())
        {
            foreach (var (kind, value) in inputs)
            {
                await producer.ProduceAsync(new TopicPartition(topics.Events, 0), new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes($"key-{kind}"),
                    Value = value,
                    Headers = new Headers { { "trace-id", Encoding.UTF8.GetBytes($"trace-{kind}") } },
                });
            }
        }

        var expected = TestEvents.Expected(valid);
        using var host = PipelineHost.Build(fixture.BootstrapServers, fixture.Registry.Url, topics, output);
        await host.StartAsync();
        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, expected.Count, TimeSpan.FromSeconds(20));
        var kit = new KafkaTestKit(fixture.BootstrapServers);
        await KafkaTestKit.WaitUntil(() => kit.CommittedTotal(topics.Group, topics.Events) == inputs.Length, TimeSpan.FromSeconds(20), "all inputs committed");
        await host.StopAsync();

        var mcps = await McpTopic.ReadAllAsync(fixture.BootstrapServers, fixture.Registry.Url, topics.Mcp);
        Assert.Equal(
            expected.Select(TestEvents.Identity).Order(StringComparer.Ordinal),
            mcps.Select(r => TestEvents.Identity(r.Mcp)).Order(StringComparer.Ordinal));

        var deadLetters = kit.ReadAll(topics.DeadLetter).OrderBy(r => long.Parse(KafkaTestKit.Header(r, "mlevents.source.offset")!)).ToList();
        Assert.Equal(expectedStages, deadLetters.Select(r => KafkaTestKit.Header(r, "mlevents.error.stage")));
        for (var i = 0; i < deadLetters.Count; i++)
        {
            var (kind, value) = inputs[i + 1];
            var record = deadLetters[i];
            output.WriteLine($"{kind}: {KafkaTestKit.Header(record, "mlevents.error.reason")}");
            Assert.Equal($"key-{kind}", KafkaTestKit.Text(record.Message.Key));
            Assert.Equal(value, record.Message.Value);
            Assert.Equal($"trace-{kind}", KafkaTestKit.Header(record, "trace-id"));
            Assert.Equal(topics.Events, KafkaTestKit.Header(record, "mlevents.source.topic"));
            Assert.Equal("0", KafkaTestKit.Header(record, "mlevents.source.partition"));
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), KafkaTestKit.Header(record, "mlevents.source.offset"));
            Assert.False(string.IsNullOrWhiteSpace(KafkaTestKit.Header(record, "mlevents.error.reason")));
        }

        Assert.Contains("platform", KafkaTestKit.Header(deadLetters[3], "mlevents.error.reason"), StringComparison.Ordinal);
    }

    private static Task<byte[]> Encode(ISchemaRegistryClient registry, string topic, GenericRecord record) =>
        new AvroSerializer<GenericRecord>(registry).SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));
}
