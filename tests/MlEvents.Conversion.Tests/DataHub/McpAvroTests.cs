using Avro;
using Avro.Generic;
using Avro.IO;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using Newtonsoft.Json.Linq;

namespace MlEvents.Conversion.Tests.DataHub;

public sealed class McpAvroTests
{
    private static GenericRecord RoundTrip(GenericRecord record, RecordSchema writer, RecordSchema reader)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(writer).Write(record, new BinaryEncoder(stream));
        stream.Position = 0;
        return new GenericDatumReader<GenericRecord>(writer, reader).Read(null!, new BinaryDecoder(stream));
    }

    private static void AssertSameMcp(MetadataChangeProposal expected, MetadataChangeProposal actual, bool schemaHasNewFields)
    {
        Assert.Equal((expected.EntityType, expected.EntityUrn, expected.ChangeType, expected.AspectName, expected.ContentType),
            (actual.EntityType, actual.EntityUrn, actual.ChangeType, actual.AspectName, actual.ContentType));
        Assert.Equal(expected.AspectValue.ToArray(), actual.AspectValue.ToArray());
        if (expected.SystemMetadata is null)
        {
            Assert.Null(actual.SystemMetadata);
        }
        else
        {
            var sm = actual.SystemMetadata!;
            Assert.Equal(expected.SystemMetadata.LastObserved ?? 0, sm.LastObserved);
            Assert.Equal(expected.SystemMetadata.RunId ?? "no-run-id-provided", sm.RunId);
            Assert.Equal(expected.SystemMetadata.Properties?.ToArray(), sm.Properties?.ToArray());
            Assert.Equal(schemaHasNewFields ? expected.SystemMetadata.Version : null, sm.Version);
        }

        Assert.Equal(schemaHasNewFields ? expected.Headers?.ToArray() : null, actual.Headers?.ToArray());
    }

    private static IEnumerable<MetadataChangeProposal> EveryKind() =>
        SampleMcps.All().Concat(
        [
            SampleMcps.All()[0] with { SystemMetadata = null },
            SampleMcps.All()[1] with
            {
                SystemMetadata = new SystemMetadata { Properties = new Dictionary<string, string> { ["a"] = "b" }, Version = "2" },
                Headers = new Dictionary<string, string> { ["If-Version-Match"] = "1" },
            },
        ]);

    [Fact]
    public void Every_kind_of_mcp_survives_a_binary_round_trip_with_the_shipped_schema()
    {
        foreach (var mcp in EveryKind())
        {
            var back = McpAvro.FromGenericRecord(RoundTrip(McpAvro.ToGenericRecord(mcp), McpAvro.Schema, McpAvro.Schema));
            AssertSameMcp(mcp, back, schemaHasNewFields: false);
        }
    }

    [Fact]
    public void Newer_schema_with_extra_fields_is_filled_by_name_and_defaults()
    {
        var newer = NewerSchema();
        foreach (var mcp in EveryKind())
        {
            var record = McpAvro.ToGenericRecord(mcp, newer);
            Assert.Equal("fallback", record["extraWithDefault"]);
            Assert.Null(record["extraOptional"]);
            var back = RoundTrip(record, newer, newer);
            AssertSameMcp(mcp, McpAvro.FromGenericRecord(back), schemaHasNewFields: true);

            // A consumer on the shipped schema still reads bytes written with the newer one.
            AssertSameMcp(mcp, McpAvro.FromGenericRecord(RoundTrip(record, newer, McpAvro.Schema)), schemaHasNewFields: false);
        }
    }

    [Fact]
    public void Required_field_unknown_to_the_model_is_reported()
    {
        var json = JObject.Parse(McpAvro.SchemaJson);
        ((JArray)json["fields"]!).Add(JObject.Parse("""{"name": "mustHave", "type": "string"}"""));
        var schema = (RecordSchema)Schema.Parse(json.ToString());
        var error = Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(SampleMcps.All()[0], schema));
        Assert.Contains("mustHave", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shipped_schema_is_DataHubs_mcp_record()
    {
        Assert.Equal("com.linkedin.pegasus2avro.mxe.MetadataChangeProposal", McpAvro.Schema.Fullname);
        Assert.Equal(
            ["auditHeader", "entityType", "entityUrn", "entityKeyAspect", "changeType", "aspectName", "aspect", "systemMetadata"],
            McpAvro.Schema.Fields.Select(f => f.Name));
        var shipped = File.ReadAllText(Path.Combine(TestPaths.SourceProjectDirectory, "..", "..", "schemas", "datahub", "MetadataChangeProposal.avsc"));
        Assert.Equal(shipped, McpAvro.SchemaJson);
    }

    [Fact]
    public void Change_type_missing_from_the_writer_schema_is_refused()
    {
        var mcp = SampleMcps.All()[0] with { ChangeType = ChangeType.CreateEntity };
        Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(mcp));
        Assert.Equal("CREATE_ENTITY", ((GenericEnum)McpAvro.ToGenericRecord(mcp, NewerSchema())["changeType"]).Value);
    }

    /// <summary>The shipped schema plus what newer GMS registries hand out: headers, SystemMetadata.version, CREATE_ENTITY, and unknown extras.</summary>
    private static RecordSchema NewerSchema()
    {
        var json = JObject.Parse(McpAvro.SchemaJson);
        var fields = (JArray)json["fields"]!;
        var changeType = fields.Single(f => (string?)f["name"] == "changeType")["type"]!;
        ((JArray)changeType["symbols"]!).Add("CREATE_ENTITY");
        var systemMetadata = (JObject)((JArray)fields.Single(f => (string?)f["name"] == "systemMetadata")["type"]!)[1];
        ((JArray)systemMetadata["fields"]!).Add(JObject.Parse("""{"name": "version", "type": ["null", "string"], "default": null}"""));
        fields.Add(JObject.Parse("""{"name": "headers", "type": ["null", {"type": "map", "values": "string"}], "default": null}"""));
        fields.Add(JObject.Parse("""{"name": "extraOptional", "type": ["null", "long"], "default": null}"""));
        fields.Add(JObject.Parse("""{"name": "extraWithDefault", "type": "string", "default": "fallback"}"""));
        return (RecordSchema)Schema.Parse(json.ToString());
    }
}
