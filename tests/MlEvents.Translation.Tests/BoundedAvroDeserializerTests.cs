using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Avro.Generic;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Translation.Serdes;

namespace MlEvents.Translation.Tests;

public sealed class BoundedAvroDeserializerTests
{
    [Fact]
    public async Task Reads_what_Confluents_serializer_wrote_resolving_the_writer_schema_against_the_reader_schema()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var newer = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V2Record("run-2", 7, "extra", 9), Registry.Value("v2"));
        var older = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record("run-3", 8), Registry.Value("v1"));

        var asV1 = await new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1)).DeserializeAsync(newer, CancellationToken.None);
        var asV2 = await new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V2)).DeserializeAsync(older, CancellationToken.None);

        Assert.Equal(("run-2", 7L, 2), ((string)asV1["id"], (long)asV1["ts"], asV1.Schema.Fields.Count));
        Assert.Equal(("run-3", 8L, null, 1), ((string)asV2["id"], (long)asV2["ts"], (string?)asV2["note"], (int)asV2["attempt"]));
    }

    [Fact]
    public async Task A_reader_field_without_default_the_writer_lacks_is_an_incompatible_schema_not_a_transient_error()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record(), Registry.Value("events"));
        var reader = TestSchemas.Parse(TestSchemas.V1.Replace("{\"name\":\"ts\",\"type\":\"long\"}", "{\"name\":\"ts\",\"type\":\"long\"},{\"name\":\"owner\",\"type\":\"string\"}"));

        var e = await Assert.ThrowsAsync<AvroSchemaIncompatibleException>(() => new BoundedAvroDeserializer(client, reader).DeserializeAsync(bytes, CancellationToken.None).AsTask());

        Assert.False(SchemaRegistryErrors.IsTransient(e));
    }

    [Theory]
    [InlineData(new byte[0], "empty")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 2 }, "unknown magic byte 0x01")]
    [InlineData(new byte[] { 0x7B, 0x22 }, "unknown magic byte 0x7B")] // JSON sent by mistake
    [InlineData(new byte[] { 0, 0, 1 }, "truncated")]
    public async Task Malformed_wire_format_is_invalid_data_without_asking_the_registry(byte[] payload, string expected)
    {
        using var client = Registry.Client("http://127.0.0.1:1"); // nothing listens: any registry call would fail differently

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1)).DeserializeAsync(payload, CancellationToken.None).AsTask());

        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task A_corrupt_length_prefix_fails_at_once_instead_of_allocating_what_it_announces()
    {
        await using var registry = await Registry.StartAsync();
        var id = registry.Register("events-value", TestSchemas.V1);
        using var client = Registry.Client(registry.Url);
        var deserializer = new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1));
        // id string announced as 1 GiB (zig-zag varint of 2^30), two bytes follow
        var payload = ConfluentWireFormat.Header(id).Concat(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08, 65, 66 }).ToArray();
        var allocated = GC.GetAllocatedBytesForCurrentThread();

        var e = await Assert.ThrowsAsync<InvalidDataException>(() => deserializer.DeserializeAsync(payload, CancellationToken.None).AsTask());

        Assert.Contains($"schema id {id}", e.Message);
        Assert.Contains("exceeds", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 64 << 20, "a bounded decoder allocates nothing near the announced size");
    }

    [Fact]
    public async Task An_unknown_schema_id_is_permanent_and_an_unreachable_registry_transient()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var deserializer = new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1));

        var unknown = await Assert.ThrowsAsync<SchemaRegistryException>(() => deserializer.DeserializeAsync(new byte[] { 0, 0, 0, 0, 77, 2 }, CancellationToken.None).AsTask());
        registry.SetAvailable(false);
        var unavailable = await Assert.ThrowsAnyAsync<Exception>(() => deserializer.DeserializeAsync(new byte[] { 0, 0, 0, 0, 78, 2 }, CancellationToken.None).AsTask());

        Assert.Equal((HttpStatusCode.NotFound, 40403, false), (unknown.Status, unknown.ErrorCode, SchemaRegistryErrors.IsTransient(unknown)));
        Assert.True(SchemaRegistryErrors.IsTransient(unavailable), unavailable.ToString());
    }

    [Fact]
    public async Task A_registry_that_never_answers_does_not_outlast_the_cancellation()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts connections, never answers
        silent.Start();
        using var client = Registry.Client($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1)).DeserializeAsync(new byte[] { 0, 0, 0, 0, 1, 2 }, cancellation.Token).AsTask());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"returned after {clock.Elapsed}, the client's own timeout is 5 s");
    }

    [Fact]
    public async Task Reads_from_a_slice_of_a_larger_buffer()
    {
        await using var registry = await Registry.StartAsync();
        using var client = Registry.Client(registry.Url);
        var bytes = await new AvroSerializer<GenericRecord>(client).SerializeAsync(TestSchemas.V1Record("run-slice", 3), Registry.Value("events"));
        var padded = new byte[bytes.Length + 10];
        bytes.CopyTo(padded, 4);

        var record = await new BoundedAvroDeserializer(client, TestSchemas.Parse(TestSchemas.V1)).DeserializeAsync(padded.AsMemory(4, bytes.Length), CancellationToken.None);

        Assert.Equal("run-slice", record["id"]);
    }
}
