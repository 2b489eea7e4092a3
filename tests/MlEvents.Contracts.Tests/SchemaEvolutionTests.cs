using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using static MlEvents.Contracts.Tests.AvroTestHelpers;

namespace MlEvents.Contracts.Tests;

/// <summary>The evolution rule of docs/EVENTS.md, exercised with real Avro schema resolution.</summary>
public class SchemaEvolutionTests
{
    private static readonly RecordSchema V1 = MlEventAvro.Schema;

    private static readonly MlEvent Started = TestEvents.Full().Single(e => e.Payload is RunStarted);

    /// <summary>v1 plus an envelope field <c>traceId</c> and a RunStarted field <c>gitCommit</c>, both with defaults.</summary>
    private static RecordSchema V2WithNewFields()
    {
        var root = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        root["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"traceId","type":["null","string"],"default":null}"""));
        PayloadRecord(root, "RunStarted")["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"gitCommit","type":"string","default":"unknown"}"""));
        return (RecordSchema)Schema.Parse(root.ToJsonString());
    }

    private static JsonObject PayloadRecord(JsonObject root, string name) =>
        root["fields"]!.AsArray().Single(f => (string?)f!["name"] == "payload")!["type"]!.AsArray()
            .Single(t => (string?)t!["name"] == name)!.AsObject();

    [Fact]
    public void Old_reader_reads_events_of_a_newer_writer_with_extra_fields()
    {
        var v2 = V2WithNewFields();
        // Build the v2 record: the v1 event resolved to v2 (defaults), then the new fields set.
        var asV2 = Decode(Encode(MlEventAvro.ToGenericRecord(Started), V1), V1, v2);
        asV2.Add("traceId", "trace-42");
        ((GenericRecord)asV2["payload"]).Add("gitCommit", "abc123");
        var writtenByV2 = Encode(asV2, v2);

        var readByV1 = Decode(writtenByV2, v2, V1);

        Assert.False(readByV1.Schema.Contains("traceId"));
        Assert.Equal(Started, MlEventAvro.FromGenericRecord(readByV1));
    }

    [Fact]
    public void New_reader_reads_events_of_an_old_writer_with_defaults()
    {
        var v2 = V2WithNewFields();

        var readByV2 = Decode(Encode(MlEventAvro.ToGenericRecord(Started), V1), V1, v2);

        Assert.Null(readByV2["traceId"]);
        Assert.Equal("unknown", ((GenericRecord)readByV2["payload"])["gitCommit"]);
        // The mapping also accepts records of the newer schema: it ignores the fields it does not know.
        Assert.Equal(Started, MlEventAvro.FromGenericRecord(readByV2));
    }

    [Fact]
    public void A_reader_schema_lacking_an_optional_field_reads_it_as_its_default()
    {
        var root = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        var fields = PayloadRecord(root, "RunStarted")["fields"]!.AsArray();
        fields.Remove(fields.Single(f => (string?)f!["name"] == "externalUrl"));
        var older = (RecordSchema)Schema.Parse(root.ToJsonString());

        var record = Decode(Encode(MlEventAvro.ToGenericRecord(Started), V1), V1, older);

        var expected = Started with { Payload = ((RunStarted)Started.Payload) with { ExternalUrl = null } };
        Assert.Equal(expected, MlEventAvro.FromGenericRecord(record));
    }

    [Fact]
    public void Old_reader_cannot_resolve_a_new_payload_type_so_the_event_is_dead_lettered()
    {
        var root = JsonNode.Parse(MlEventAvro.SchemaJson)!.AsObject();
        root["fields"]!.AsArray().Single(f => (string?)f!["name"] == "payload")!["type"]!.AsArray()
            .Add(JsonNode.Parse("""{"type":"record","name":"ModelDeployed","fields":[{"name":"modelName","type":"string"}]}"""));
        var v2 = (RecordSchema)Schema.Parse(root.ToJsonString());
        var deployed = new GenericRecord(v2);
        var v1Record = MlEventAvro.ToGenericRecord(Started);
        foreach (var field in V1.Fields.Where(f => f.Name != "payload")) deployed.Add(field.Name, v1Record[field.Name]);
        var payload = new GenericRecord((RecordSchema)((UnionSchema)v2["payload"].Schema).Schemas.Last());
        payload.Add("modelName", "m");
        deployed.Add("payload", payload);
        var bytes = Encode(deployed, v2);

        var ex = Assert.ThrowsAny<AvroException>(() => Decode(bytes, v2, V1));

        Assert.Contains("ModelDeployed", ex.Message);
    }

    [Fact]
    public void Old_reader_cannot_resolve_a_new_result_symbol()
    {
        var json = MlEventAvro.SchemaJson.Replace("\"UP_FOR_RETRY\"]", "\"UP_FOR_RETRY\", \"CANCELLED\"]", StringComparison.Ordinal);
        Assert.NotEqual(MlEventAvro.SchemaJson, json);
        var v2 = (RecordSchema)Schema.Parse(json);
        var finished = TestEvents.Full().Single(e => e.Payload is RunFinished);
        var record = Decode(Encode(MlEventAvro.ToGenericRecord(finished), V1), V1, v2);
        var payload = (GenericRecord)record["payload"];
        payload.Add("result", new GenericEnum((EnumSchema)payload.Schema["result"].Schema, "CANCELLED"));
        var bytes = Encode(record, v2);

        Assert.ThrowsAny<AvroException>(() => Decode(bytes, v2, V1));
    }
}
