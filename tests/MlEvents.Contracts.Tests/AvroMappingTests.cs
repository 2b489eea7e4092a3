using Avro;
using Avro.Generic;
using static MlEvents.Contracts.Tests.AvroTestHelpers;

namespace MlEvents.Contracts.Tests;

public class AvroMappingTests
{
    [Fact]
    public void Schema_parses_with_every_payload_in_the_union()
    {
        var schema = MlEventAvro.Schema;
        Assert.Equal("io.mlevents.MlEvent", schema.Fullname);
        var union = Assert.IsType<UnionSchema>(schema["payload"].Schema);
        Assert.Equal(MlEventPayload.TypeNames, union.Schemas.Select(s => ((RecordSchema)s).Name));
        Assert.Equal("PROD", schema["environment"].DefaultValue?.ToString());
    }

    [Fact]
    public void Embedded_schema_is_the_file_in_schemas()
    {
        var onDisk = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "MlEvent.avsc"));
        Assert.Equal(onDisk, MlEventAvro.SchemaJson);
    }

    [Theory]
    [MemberData(nameof(TestEvents.AllData), MemberType = typeof(TestEvents))]
    public void Binary_round_trip_keeps_every_field(MlEvent original)
    {
        var bytes = Encode(MlEventAvro.ToGenericRecord(original), MlEventAvro.Schema);
        var decoded = Decode(bytes, MlEventAvro.Schema, MlEventAvro.Schema);

        Assert.Equal(original, MlEventAvro.FromGenericRecord(decoded));
    }

    [Fact]
    public void Round_trip_with_a_separately_parsed_reader_schema_instance()
    {
        var otherInstance = Schema.Parse(MlEventAvro.SchemaJson);
        foreach (var original in TestEvents.Full())
        {
            var decoded = Decode(Encode(MlEventAvro.ToGenericRecord(original), MlEventAvro.Schema), MlEventAvro.Schema, otherInstance);
            Assert.Equal(original, MlEventAvro.FromGenericRecord(decoded));
        }
    }

    [Fact]
    public void A_record_that_is_not_an_MlEvent_is_rejected()
    {
        var other = (RecordSchema)Schema.Parse("""{"type":"record","name":"Other","fields":[{"name":"x","type":"string"}]}""");
        var ex = Assert.Throws<EventFormatException>(() => MlEventAvro.FromGenericRecord(new GenericRecord(other)));
        Assert.Contains("io.mlevents.MlEvent", ex.Reason);
    }

    [Fact]
    public void A_null_required_field_is_named()
    {
        var record = MlEventAvro.ToGenericRecord(TestEvents.Full().ElementAt(1));
        ((GenericRecord)record["payload"]).Add("runId", null);
        var ex = Assert.Throws<EventFormatException>(() => MlEventAvro.FromGenericRecord(record));
        Assert.Equal("payload.runId", ex.Field);
        Assert.Contains("null", ex.Reason);
    }

    [Fact]
    public void A_wrongly_typed_field_is_named()
    {
        var record = MlEventAvro.ToGenericRecord(TestEvents.Full().First());
        record.Add("eventTime", "yesterday");
        var ex = Assert.Throws<EventFormatException>(() => MlEventAvro.FromGenericRecord(record));
        Assert.Equal("eventTime", ex.Field);
        Assert.Contains("expected long", ex.Reason);
    }

    [Fact]
    public void An_unknown_result_symbol_is_named()
    {
        var runFinished = TestEvents.Full().Single(e => e.Payload is RunFinished);
        var record = MlEventAvro.ToGenericRecord(runFinished);
        var payload = (GenericRecord)record["payload"];
        var newerEnum = (EnumSchema)Schema.Parse(
            """{"type":"enum","name":"RunResult","namespace":"io.mlevents","symbols":["SUCCESS","FAILURE","SKIPPED","UP_FOR_RETRY","CRASHED"]}""");
        payload.Add("result", new GenericEnum(newerEnum, "CRASHED"));
        var ex = Assert.Throws<EventFormatException>(() => MlEventAvro.FromGenericRecord(record));
        Assert.Equal("payload.result", ex.Field);
        Assert.Contains("CRASHED", ex.Reason);
    }
}

public class AvroDatasetErrorTests
{
    [Fact]
    public void A_null_dataset_field_is_named_with_its_index()
    {
        var started = TestEvents.Full().Single(e => e.Payload is RunStarted);
        var record = MlEventAvro.ToGenericRecord(started);
        var datasets = (object[])((Avro.Generic.GenericRecord)record["payload"])["inputDatasets"];
        ((Avro.Generic.GenericRecord)datasets[1]).Add("name", null);

        var ex = Assert.Throws<EventFormatException>(() => MlEventAvro.FromGenericRecord(record));

        Assert.Equal("payload.inputDatasets[1].name", ex.Field);
    }
}
