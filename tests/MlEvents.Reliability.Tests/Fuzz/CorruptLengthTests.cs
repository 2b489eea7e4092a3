using MlEvents.Translation.Serdes;
using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Reliability.Tests.Support;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Reliability.Tests.Fuzz;

/// <summary>
/// Regression tests for what the fuzz test found: a damaged length prefix or block count made Apache.Avro's decoder
/// allocate what the prefix claims (up to 2 GiB per string) before noticing the input had ended, seconds per record.
/// </summary>
public sealed class CorruptLengthTests(TranslatorHarness harness) : IClassFixture<TranslatorHarness>
{
    private const long AllocationBound = 16 * 1024 * 1024;

    [Theory]
    [InlineData("string")]
    [InlineData("bytes")]
    public async Task A_length_prefix_beyond_the_payload_fails_fast_without_allocating_it(string type)
    {
        var id = harness.Registry.Register($"corrupt-{type}-value", $$"""{"type":"record","name":"R","fields":[{"name":"f","type":"{{type}}"}]}""");
        byte[] body = [0xFE, 0xFF, 0xFF, 0xFF, 0x0F, (byte)'a', (byte)'b', (byte)'c']; // zig-zag int.MaxValue, then 3 bytes

        await AssertRejectedCheaply(id, body, "exceeds");
    }

    [Theory]
    [InlineData("""{"type":"array","items":"long"}""")]
    [InlineData("""{"type":"map","values":"double"}""")]
    public async Task A_block_count_that_cannot_fit_in_the_payload_fails_fast(string collection)
    {
        var id = harness.Registry.Register($"corrupt-{collection.Length}-value", $$"""{"type":"record","name":"C","fields":[{"name":"f","type":{{collection}}}]}""");
        byte[] body = [0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x02, 0x04, 0x00]; // a block of int.MaxValue items in 3 bytes

        await AssertRejectedCheaply(id, body, "cannot fit");
    }

    [Fact]
    public async Task Valid_records_with_strings_bytes_arrays_and_maps_still_decode()
    {
        var schema = (Avro.RecordSchema)Avro.Schema.Parse("""
            {"type":"record","name":"V","fields":[{"name":"s","type":"string"},{"name":"b","type":"bytes"},
             {"name":"a","type":{"type":"array","items":"null"}},{"name":"m","type":{"type":"map","values":"string"}}]}
            """);
        var id = harness.Registry.Register("valid-collections-value", schema.ToString());
        var record = new GenericRecord(schema);
        record.Add("s", new string('s', 5000));
        record.Add("b", new byte[] { 1, 2, 3 });
        record.Add("a", new object?[2000]); // zero-byte items: a block count larger than the bytes left is legitimate here
        record.Add("m", new Dictionary<string, object> { ["k"] = "v" });

        var decoded = await new BoundedAvroDeserializer(harness.Client, schema).DeserializeAsync(AvroBytes.Encode(id, schema, record), CancellationToken.None);

        Assert.Equal(5000, ((string)decoded["s"]).Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, (byte[])decoded["b"]);
        Assert.Equal(2000, ((object?[])decoded["a"]).Length);
        Assert.Equal("v", ((IDictionary<string, object>)decoded["m"])["k"]);
    }

    private async Task AssertRejectedCheaply(int schemaId, byte[] body, string reason)
    {
        byte[] payload = [.. ConfluentWireFormat.Header(schemaId), .. body];
        var writer = await harness.Client.GetSchemaAsync(schemaId);
        var deserializer = new BoundedAvroDeserializer(harness.Client, Avro.Schema.Parse(writer.SchemaString));
        await deserializer.DeserializeAsync(payload, CancellationToken.None).AsTask().ContinueWith(_ => { }); // warm the reader cache

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => deserializer.DeserializeAsync(payload, CancellationToken.None).AsTask());
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationBound, $"decoding the corrupt record allocated {allocated:N0} bytes");
    }
}
