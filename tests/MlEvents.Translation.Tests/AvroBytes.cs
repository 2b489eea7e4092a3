using System.Buffers.Binary;
using Avro.Generic;
using Avro.IO;

namespace MlEvents.Translation.Tests;

/// <summary>Independent decoding of Confluent-framed bytes with plain Apache.Avro.</summary>
internal static class AvroBytes
{
    public static int SchemaId(byte[] framed)
    {
        Assert.Equal(0, framed[0]);
        return BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(1, 4));
    }

    public static GenericRecord Decode(byte[] framed, string writerSchema, string? readerSchema = null)
    {
        var writer = Avro.Schema.Parse(writerSchema);
        var reader = new GenericDatumReader<GenericRecord>(writer, readerSchema is null ? writer : Avro.Schema.Parse(readerSchema));
        using var stream = new MemoryStream(framed, 5, framed.Length - 5);
        var record = reader.Read(null!, new BinaryDecoder(stream));
        Assert.Equal(stream.Length, stream.Position); // every byte consumed: the datum was written with exactly this schema
        return record;
    }
}
