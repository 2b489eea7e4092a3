using Avro.Generic;
using MlEvents.Embedded;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class DeserializerTests
{
    [Fact]
    public async Task Round_trip_through_serializer_and_deserializer()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var serializer = new AvroSerializer<GenericRecord>(client);
        var deserializer = new AvroDeserializer<GenericRecord>(client);
        var original = TestSchemas.V2Record("run-1", 99, "hello", 3);

        var bytes = await serializer.SerializeAsync(original, Registry.Value("events"));
        var back = await deserializer.DeserializeAsync(bytes, isNull: false, Registry.Value("events"));

        Assert.Equal(original, back);
    }

    [Fact]
    public async Task New_writer_read_by_old_reader_ignores_new_fields()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V2Record("run-2", 7, "extra", 9), Registry.Value("events"));
        var v1Reader = new AvroDeserializer<GenericRecord>(client, new AvroDeserializerConfig { ReaderSchema = TestSchemas.V1 });

        var record = await v1Reader.DeserializeAsync(bytes, false, Registry.Value("events"));

        Assert.Equal(("run-2", 7L), ((string)record["id"], (long)record["ts"]));
        Assert.False(record.TryGetValue("note", out _));
        Assert.Equal(2, record.Schema.Fields.Count);
    }

    [Fact]
    public async Task Old_writer_read_by_new_reader_gets_defaults()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record("run-3", 8), Registry.Value("events"));
        var v2Reader = new AvroDeserializer<GenericRecord>(client, new AvroDeserializerConfig { ReaderSchema = TestSchemas.V2 });

        var record = await v2Reader.DeserializeAsync(bytes, false, Registry.Value("events"));

        Assert.Equal(("run-3", 8L, null, 1), ((string)record["id"], (long)record["ts"], (string?)record["note"], (int)record["attempt"]));
    }

    [Fact]
    public async Task Reader_that_needs_a_field_without_default_is_incompatible()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));
        var reader = new AvroDeserializer<GenericRecord>(client, new AvroDeserializerConfig
        {
            ReaderSchema = TestSchemas.V1.Replace("{\"name\":\"ts\",\"type\":\"long\"}", "{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"owner\",\"type\":\"string\"}"),
        });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => reader.DeserializeAsync(bytes, false, Registry.Value("events")));
        Assert.IsType<AvroSchemaIncompatibleException>(e);
        Assert.False(SchemaRegistryErrors.IsTransient(e));
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 2 }, "unknown magic byte 0x01")]
    [InlineData(new byte[] { 0x7B, 0x22 }, "unknown magic byte 0x7B")] // JSON sent by mistake
    [InlineData(new byte[] { 0, 0, 1 }, "truncated")]
    public async Task Malformed_wire_format_is_rejected_without_registry_calls(byte[] payload, string expected)
    {
        var handler = new CountingHandler();
        using var client = Registry.Client("http://127.0.0.1:1", handler);
        var deserializer = new AvroDeserializer<GenericRecord>(client);

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => deserializer.DeserializeAsync(payload, false, Registry.Value("events")));

        Assert.Contains(expected, e.Message);
        Assert.Contains("Not Confluent wire format", e.Message);
        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task Unknown_schema_id_is_permanent()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var deserializer = new AvroDeserializer<GenericRecord>(client);

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => deserializer.DeserializeAsync(new byte[] { 0, 0, 0, 0, 77, 2 }, false, Registry.Value("events")));

        Assert.Equal((System.Net.HttpStatusCode.NotFound, SchemaRegistryErrorCodes.SchemaNotFound, false), (e.Status!.Value, e.ErrorCode, e.IsTransient));
    }

    [Fact]
    public async Task Unreachable_registry_is_transient()
    {
        await using var registry = await Registry.StartAsync();
        registry.SetAvailable(false);
        using var client = Registry.Client(registry.Url, maxRetries: 0);
        var deserializer = new AvroDeserializer<GenericRecord>(client);

        var e = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => deserializer.DeserializeAsync(new byte[] { 0, 0, 0, 0, 1, 2 }, false, Registry.Value("events")));
        Assert.True(SchemaRegistryErrors.IsTransient(e));
    }

    [Fact]
    public async Task Body_that_does_not_decode_is_invalid_data()
    {
        await using var registry = await Registry.StartAsync();
        var id = registry.Register("events-value", TestSchemas.V1);
        using var client = Registry.Client(registry.Url);
        var deserializer = new AvroDeserializer<GenericRecord>(client);

        // string length 50 announced, only 1 byte follows
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => deserializer.DeserializeAsync(new byte[] { 0, 0, 0, 0, (byte)id, 100, 65 }, false, Registry.Value("events")));
        Assert.Contains($"schema id {id}", e.Message);
    }

    [Fact]
    public async Task Null_payload_gives_null()
    {
        using var client = Registry.Client("http://127.0.0.1:1");
        Assert.Null(await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(ReadOnlyMemory<byte>.Empty, isNull: true, Registry.Value("events")));
    }

    [Fact]
    public async Task Reads_from_a_slice_of_a_larger_buffer()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record("run-slice", 3), Registry.Value("events"));
        var padded = new byte[bytes.Length + 10];
        bytes.CopyTo(padded, 4);

        var record = await new AvroDeserializer<GenericRecord>(client).DeserializeAsync(padded.AsMemory(4, bytes.Length), false, Registry.Value("events"));
        Assert.Equal("run-slice", record["id"]);
    }
}
