using Avro;
using Avro.Generic;
using Avro.IO;

namespace MlEvents.SchemaRegistry.Tests;

/// <summary>With identical schemas our compiled writer must produce exactly Apache.Avro's bytes.</summary>
public sealed class WriterFidelityTests
{
    private const string AllTypes = """
        {"type":"record","name":"All","namespace":"t","fields":[
          {"name":"b","type":"boolean"},
          {"name":"i","type":"int"},
          {"name":"l","type":"long"},
          {"name":"f","type":"float"},
          {"name":"d","type":"double"},
          {"name":"s","type":"string"},
          {"name":"by","type":"bytes"},
          {"name":"fx","type":{"type":"fixed","name":"Hash","size":4}},
          {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
          {"name":"arr","type":{"type":"array","items":["null","string"]}},
          {"name":"m","type":{"type":"map","values":"long"}},
          {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"u","type":["null","int",{"type":"record","name":"Inner","fields":[{"name":"x","type":"string"}]}]},
          {"name":"next","type":["null","All"],"default":null}]}
        """;

    private static GenericRecord Build(RecordSchema schema, string text, GenericRecord? next)
    {
        var r = new GenericRecord(schema);
        r.Add("b", true);
        r.Add("i", -17);
        r.Add("l", long.MaxValue);
        r.Add("f", 1.5f);
        r.Add("d", -2.25);
        r.Add("s", text);
        r.Add("by", new byte[] { 0, 1, 255 });
        r.Add("fx", new GenericFixed((FixedSchema)schema["fx"].Schema, [1, 2, 3, 4]));
        r.Add("e", new GenericEnum((EnumSchema)schema["e"].Schema, "GREEN"));
        r.Add("arr", new object?[] { "a", null, "ç" });
        r.Add("m", new Dictionary<string, object> { ["k1"] = 1L, ["k2"] = 2L });
        r.Add("ts", new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc));
        var innerSchema = (RecordSchema)((UnionSchema)schema["u"].Schema).Schemas[2];
        var inner = new GenericRecord(innerSchema);
        inner.Add("x", "inner");
        r.Add("u", next is null ? inner : 5);
        r.Add("next", next);
        return r;
    }

    [Fact]
    public async Task Identical_schema_bytes_equal_apache_avro_including_recursion_logical_types_and_unions()
    {
        var schema = TestSchemas.Parse(AllTypes);
        var record = Build(schema, "outer ünïcödé " + new string('x', 300), Build(schema, "inner", null));
        var expected = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(expected));

        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(record, Registry.Value("all"));

        Assert.Equal(expected.ToArray(), bytes[5..]);
        var back = await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(bytes, false, Registry.Value("all"));
        Assert.Equal("inner", ((GenericRecord)back["next"])["s"]);
    }

    [Fact]
    public async Task Nested_record_built_from_another_schema_instance_is_written_by_field_name()
    {
        var schema = TestSchemas.Parse(AllTypes);
        var record = Build(schema, "outer", null);
        // the nested record comes from a separately parsed schema whose Inner has the fields in another order
        var other = TestSchemas.Parse(AllTypes.Replace("""{"name":"x","type":"string"}""", """{"name":"y","type":"int","default":0},{"name":"x","type":"string"}"""));
        var inner = new GenericRecord((RecordSchema)((UnionSchema)other["u"].Schema).Schemas[2]);
        inner.Add("y", 9);
        inner.Add("x", "by-name");
        record.Add("u", inner);

        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(record, Registry.Value("all"));

        Assert.Equal("by-name", ((GenericRecord)AvroBytes.Decode(bytes, AllTypes)["u"])["x"]);
    }

    [Fact]
    public async Task Value_of_the_wrong_type_is_a_clear_avro_error()
    {
        var record = TestSchemas.V1Record();
        record.Add("ts", "not a long");
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);

        var e = await Assert.ThrowsAsync<AvroException>(() => new AvroSerializer<GenericRecord>(client).SerializeAsync(record, Registry.Value("events")));
        Assert.Contains("$.ts", e.Message);
        Assert.False(SchemaRegistryErrors.IsTransient(e));
    }
}
