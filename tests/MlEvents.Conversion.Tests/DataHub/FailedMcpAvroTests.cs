using Avro;
using Avro.Generic;
using Avro.IO;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using Newtonsoft.Json.Linq;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>FailedMetadataChangeProposal records as GMS writes them (Avro generated from the PDL) and as they are read back.</summary>
public sealed class FailedMcpAvroTests
{
    private static GenericRecord RoundTrip(GenericRecord record, RecordSchema schema)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(stream));
        stream.Position = 0;
        return new GenericDatumReader<GenericRecord>(schema, schema).Read(null!, new BinaryDecoder(stream));
    }

    [Fact]
    public void Schema_is_the_PDL_in_Avro_form_around_DataHubs_MCP_record()
    {
        var schema = FailedMcpAvro.Schema;
        Assert.Equal("com.linkedin.pegasus2avro.mxe.FailedMetadataChangeProposal", schema.Fullname);
        Assert.Equal(["auditHeader", "metadataChangeProposal", "error"], schema.Fields.Select(f => f.Name));
        // optional → union with null first, default null (as DataHub's PDL-to-Avro generator writes it)
        var audit = Assert.IsType<UnionSchema>(schema.Fields[0].Schema);
        Assert.Equal(Schema.Type.Null, audit.Schemas[0].Tag);
        Assert.Equal(JTokenType.Null, schema.Fields[0].DefaultValue.Type);
        var mcp = Assert.IsType<RecordSchema>(schema.Fields[1].Schema);
        Assert.Equal(McpAvro.Schema.Fullname, mcp.Fullname);
        Assert.Equal(McpAvro.Schema.Fields.Select(f => (f.Name, f.Schema.Fullname)), mcp.Fields.Select(f => (f.Name, f.Schema.Fullname)));
        Assert.Equal(Schema.Type.String, schema.Fields[2].Schema.Tag);
    }

    [Fact]
    public void A_record_survives_binary_Avro_and_reads_back_identity_marker_and_error()
    {
        var mcp = new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch })
            .Convert(Conversion.Events.Started("run-1", new Dictionary<string, string> { ["lr"] = "0.1" }))
            .First(m => m.ChangeType == ChangeType.Patch);
        var back = FailedMcpAvro.Read(RoundTrip(FailedMcpAvro.ToGenericRecord(mcp, "java.lang.Exception: boom\n\tat x"), FailedMcpAvro.Schema));
        Assert.Equal((mcp.EntityType, mcp.EntityUrn, mcp.AspectName, "PATCH"), (back.EntityType, back.EntityUrn, back.AspectName, back.ChangeType));
        Assert.Equal(mcp.SystemMetadata!.Properties, back.SystemMetadataProperties);
        Assert.Equal("mlevents", back.SystemMetadataProperties[SystemMetadataProperties.Producer]);
        Assert.Equal("java.lang.Exception: boom\n\tat x", back.Error);
    }

    [Fact]
    public void Records_without_aspect_urn_or_systemMetadata_are_read_too()
    {
        var record = new GenericRecord(FailedMcpAvro.Schema);
        var mcpSchema = (RecordSchema)FailedMcpAvro.Schema.Fields[1].Schema;
        var mcp = new GenericRecord(mcpSchema);
        foreach (var field in mcpSchema.Fields)
        {
            mcp.Add(field.Name, null);
        }

        mcp.Add("entityType", "dataset");
        mcp.Add("changeType", new GenericEnum((EnumSchema)mcpSchema.Fields.Single(f => f.Name == "changeType").Schema, "DELETE"));
        record.Add("auditHeader", null);
        record.Add("metadataChangeProposal", mcp);
        record.Add("error", "");
        var back = FailedMcpAvro.Read(RoundTrip(record, FailedMcpAvro.Schema));
        Assert.Equal(("dataset", null, null, "DELETE"), (back.EntityType, back.EntityUrn, back.AspectName, back.ChangeType));
        Assert.Empty(back.SystemMetadataProperties);
    }

    [Theory]
    [InlineData("java.lang.UnsupportedOperationException: Aspect: x does not currently support patch operations.\n\tat a.b(C.java:1)", 200,
        "java.lang.UnsupportedOperationException: Aspect: x does not currently support patch operations.")]
    [InlineData("\n\n  first\tline  \r\nsecond", 200, "first line")]
    [InlineData("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghi…")]
    [InlineData("", 10, "")]
    public void The_error_is_reduced_to_its_first_line_without_control_characters_and_bounded(string error, int max, string expected)
    {
        var failure = new FailedMcp("dataset", null, null, "UPSERT", new Dictionary<string, string>(), error);
        Assert.Equal(expected, failure.ErrorFirstLine(max));
    }
}
