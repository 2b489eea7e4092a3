using MlEvents.Translation.Serdes;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Reliability.Tests.Support;

public static class AvroBytes
{
    /// <summary>Confluent wire format of <paramref name="record"/> written with <paramref name="schema"/> under <paramref name="schemaId"/>.</summary>
    public static byte[] Encode(int schemaId, Avro.Schema schema, GenericRecord record)
    {
        using var stream = new MemoryStream();
        stream.Write(ConfluentWireFormat.Header(schemaId));
        new GenericDatumWriter<GenericRecord>(schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }
}
