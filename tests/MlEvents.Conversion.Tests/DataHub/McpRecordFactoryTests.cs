using Avro;
using Avro.Generic;
using Avro.IO;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using Newtonsoft.Json.Linq;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary><see cref="McpRecordFactory"/> must give records whose Avro bytes equal <see cref="McpAvro.ToGenericRecord"/>'s.</summary>
public sealed class McpRecordFactoryTests
{
    private static byte[] Encode(GenericRecord record)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(record.Schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    private static List<MetadataChangeProposal> Mcps()
    {
        var shared = new SystemMetadata { LastObserved = 42, Properties = new Dictionary<string, string> { ["eventId"] = "e1" }, Version = "3" };
        var all = SampleMcps.All();
        return
        [
            .. all,
            all[0] with { SystemMetadata = null },
            all[1] with { SystemMetadata = shared, Headers = new Dictionary<string, string> { ["If-Version-Match"] = "1" } },
            all[2] with { SystemMetadata = shared },
            all[3] with { SystemMetadata = shared, AspectValue = new byte[] { 0, (byte)'{', (byte)'}', 0 }.AsMemory(1, 2) },
        ];
    }

    [Fact]
    public void Records_encode_to_the_bytes_of_ToGenericRecord_with_the_shipped_schema()
    {
        var mcps = Mcps();
        var records = McpRecordFactory.For().CreateAll(mcps);
        Assert.Equal(mcps.Count, records.Length);
        for (var i = 0; i < mcps.Count; i++)
        {
            Assert.Equal(Encode(McpAvro.ToGenericRecord(mcps[i])), Encode(records[i]));
        }
    }

    [Fact]
    public void Records_encode_to_the_bytes_of_ToGenericRecord_with_a_newer_schema()
    {
        var newer = NewerSchema();
        var mcps = Mcps();
        var records = McpRecordFactory.For(newer).CreateAll(mcps);
        for (var i = 0; i < mcps.Count; i++)
        {
            Assert.Equal(Encode(McpAvro.ToGenericRecord(mcps[i], newer)), Encode(records[i]));
        }
    }

    [Fact]
    public void Repeated_and_concurrent_use_gives_the_same_bytes()
    {
        var mcps = Mcps();
        var expected = mcps.Select(m => Encode(McpAvro.ToGenericRecord(m))).ToArray();
        Parallel.For(0, 32, _ =>
        {
            var records = McpRecordFactory.For().CreateAll(mcps);
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(expected[i], Encode(records[i]));
            }
        });
        Assert.Same(McpRecordFactory.For(), McpRecordFactory.For(McpAvro.Schema));
    }

    [Fact]
    public void Errors_are_those_of_ToGenericRecord()
    {
        var mcp = SampleMcps.All()[0] with { ChangeType = ChangeType.CreateEntity };
        var expected = Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(mcp));
        var actual = Assert.Throws<InvalidOperationException>(() => McpRecordFactory.For().CreateAll([mcp]));
        Assert.Equal(expected.Message, actual.Message);

        var json = JObject.Parse(McpAvro.SchemaJson);
        ((JArray)json["fields"]!).Add(JObject.Parse("""{"name": "mustHave", "type": "string"}"""));
        var schema = (RecordSchema)Schema.Parse(json.ToString());
        var required = Assert.Throws<InvalidOperationException>(() => McpAvro.ToGenericRecord(SampleMcps.All()[0], schema));
        Assert.Equal(required.Message, Assert.Throws<InvalidOperationException>(() => McpRecordFactory.For(schema).CreateAll([SampleMcps.All()[0]])).Message);
    }

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
