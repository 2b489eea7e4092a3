using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Avro.IO;
using MlEvents.Contracts;
using MlEvents.DataHub.Serialization;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class DataHubRegistryEndToEndTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private const int GmsMcpSchemaId = 16;

    /// <summary>
    /// GMS's internal registry answers every registration with its fixed id and has no lookup; its MCP schema is newer than the
    /// shipped one (MCP headers, SystemMetadata.version). The MCPs must be written with exactly the schema id 16 denotes.
    /// </summary>
    [Fact]
    public async Task Against_DataHubs_registry_the_MCPs_carry_its_fixed_id_and_decode_with_its_schema()
    {
        var topics = fixture.NewTopics();
        var gmsSchema = GmsMcpSchema();
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(new EmbeddedSchemaRegistryOptions
        {
            PathBase = "/schema-registry/api",
            DataHubSubjects = new Dictionary<string, DataHubSubject>
            {
                [$"{topics.Events}-value"] = new(1, MlEventAvro.SchemaJson),
                [$"{topics.Mcp}-value"] = new(GmsMcpSchemaId, gmsSchema.ToString()),
            },
        });
        var events = TestEvents.Scenario();
        var expected = TestEvents.Expected(events);

        using var host = PipelineHost.Build(fixture.BootstrapServers, registry.Url, topics, output);
        await host.StartAsync(); // also: the start-up check accepts GMS's 501 for the subject listing
        using (var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url }))
        using (var publisher = new EventPublisher(fixture.BootstrapServers, client))
        {
            await publisher.PublishAsync(topics.Events, events);
        }

        await McpTopic.WaitForCountAsync(fixture.BootstrapServers, topics.Mcp, expected.Count, TimeSpan.FromSeconds(20));
        await host.StopAsync();

        var records = await McpTopic.ReadAllAsync(fixture.BootstrapServers, registry.Url, topics.Mcp);
        Assert.All(records, r => Assert.Equal(GmsMcpSchemaId, r.SchemaId));
        Assert.Equal(
            expected.Select(TestEvents.Identity).Order(StringComparer.Ordinal),
            records.Select(r => TestEvents.Identity(r.Mcp)).Order(StringComparer.Ordinal));

        // What GMS does: decode with the schema of id 16 only.
        var reader = new GenericDatumReader<GenericRecord>(gmsSchema, gmsSchema);
        foreach (var record in records)
        {
            var decoded = reader.Read(null!, new BinaryDecoder(new MemoryStream(record.Value, 5, record.Value.Length - 5)));
            Assert.Equal(record.Mcp.EntityUrn, decoded["entityUrn"]);
            Assert.Null(decoded["headers"]);
            Assert.Equal(TestEvents.Identity(record.Mcp), TestEvents.Identity(McpAvro.FromGenericRecord(decoded)));
        }
    }

    /// <summary>The shipped MCP schema plus what newer GMS versions have: MCP <c>headers</c> and <c>SystemMetadata.version</c>.</summary>
    private static RecordSchema GmsMcpSchema()
    {
        var schema = JsonNode.Parse(McpAvro.SchemaJson)!.AsObject();
        var fields = schema["fields"]!.AsArray();
        var systemMetadata = fields.Single(f => (string)f!["name"]! == "systemMetadata")!["type"]!.AsArray()
            .Single(t => t is JsonObject)!.AsObject();
        systemMetadata["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"version","type":["null","string"],"default":null}"""));
        fields.Add(JsonNode.Parse("""{"name":"headers","type":["null",{"type":"map","values":"string"}],"default":null}"""));
        return (RecordSchema)Avro.Schema.Parse(schema.ToJsonString());
    }
}
