using Avro;
using Avro.Generic;
using Avro.IO;

namespace MlEvents.Contracts.Tests;

internal static class AvroTestHelpers
{
    public static byte[] Encode(GenericRecord record, Schema writerSchema)
    {
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(writerSchema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }

    public static GenericRecord Decode(byte[] bytes, Schema writerSchema, Schema readerSchema)
    {
        using var stream = new MemoryStream(bytes);
        return new GenericDatumReader<GenericRecord>(writerSchema, readerSchema).Read(null!, new BinaryDecoder(stream));
    }
}
