using Avro;
using Avro.Generic;

namespace MlEvents.SchemaRegistry.Tests;

/// <summary>The serializer writing a record with a registry schema that differs from the record's own.</summary>
public sealed class ConformingSerializerTests
{
    private const string Source = """
        {"type":"record","name":"Run","namespace":"t","fields":[
          {"name":"count","type":"int"},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["STARTED","DONE"]}},
          {"name":"metrics","type":{"type":"array","items":{"type":"record","name":"Metric","fields":[
              {"name":"name","type":"string"},{"name":"value","type":"double"}]}}},
          {"name":"tags","type":{"type":"map","values":"string"}},
          {"name":"result","type":["null","string","long"],"default":null},
          {"name":"dropped","type":"string"}]}
        """;

    // Fields reordered, a field the source lacks in the nested record, enum symbols reordered and extended,
    // int promoted to long, union branches reordered, and the source's "dropped" field absent.
    private const string Target = """
        {"type":"record","name":"Run","namespace":"t","fields":[
          {"name":"tags","type":{"type":"map","values":"string"}},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["QUEUED","DONE","STARTED"]}},
          {"name":"count","type":"long"},
          {"name":"result","type":["null","long","string"],"default":null},
          {"name":"metrics","type":{"type":"array","items":{"type":"record","name":"Metric","fields":[
              {"name":"value","type":"double"},
              {"name":"unit","type":"string","default":"none"},
              {"name":"name","type":"string"}]}}},
          {"name":"owner","type":["null","string"],"default":null},
          {"name":"retries","type":{"type":"array","items":"int"},"default":[1,2]}]}
        """;

    private static GenericRecord SourceRecord(object? result)
    {
        var schema = (RecordSchema)Avro.Schema.Parse(Source);
        var metricSchema = (RecordSchema)((ArraySchema)schema["metrics"].Schema).ItemSchema;
        var r = new GenericRecord(schema);
        r.Add("count", 3);
        r.Add("status", new GenericEnum((EnumSchema)schema["status"].Schema, "STARTED"));
        var m = new GenericRecord(metricSchema);
        m.Add("name", "loss");
        m.Add("value", 0.25);
        r.Add("metrics", new object[] { m });
        r.Add("tags", new Dictionary<string, object> { ["team"] = "ml" });
        r.Add("result", result);
        r.Add("dropped", "gone");
        return r;
    }

    private static async Task<GenericRecord> RoundTripAsync(GenericRecord record, string target)
    {
        await using var registry = await Registry.StartAsync();
        registry.Register("runs-value", target);
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client, new AvroSerializerConfig { AutoRegisterSchemas = false, UseLatestVersion = true });
        var bytes = await serializer.SerializeAsync(record, Registry.Value("runs"));
        return AvroBytes.Decode(bytes, target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ok")]
    [InlineData(7L)]
    public async Task Conforms_by_name_recursively(object? result)
    {
        var written = await RoundTripAsync(SourceRecord(result), Target);

        Assert.Equal(3L, written["count"]);
        Assert.Equal("STARTED", ((GenericEnum)written["status"]).Value);
        Assert.Equal(result, written["result"]);
        var metric = (GenericRecord)((object[])written["metrics"]).Single();
        Assert.Equal(("loss", 0.25, "none"), ((string)metric["name"], (double)metric["value"], (string)metric["unit"]));
        Assert.Equal("ml", ((IDictionary<string, object>)written["tags"])["team"]);
        Assert.Null(written["owner"]);
        Assert.Equal(new object[] { 1, 2 }, (object[])written["retries"]);
    }

    [Fact]
    public async Task Enum_symbol_missing_in_the_registry_schema_fails_clearly()
    {
        var target = Target.Replace("\"QUEUED\",\"DONE\",\"STARTED\"", "\"QUEUED\",\"DONE\"");
        var e = await Assert.ThrowsAsync<AvroSchemaIncompatibleException>(() => RoundTripAsync(SourceRecord(null), target));
        Assert.Contains("STARTED", e.Message);
    }

    [Fact]
    public async Task Type_that_cannot_be_converted_fails_at_plan_time()
    {
        var target = Target.Replace("{\"name\":\"count\",\"type\":\"long\"}", "{\"name\":\"count\",\"type\":\"boolean\"}");
        var e = await Assert.ThrowsAsync<AvroSchemaIncompatibleException>(() => RoundTripAsync(SourceRecord(null), target));
        Assert.Contains("$.count", e.Message);
    }
}
