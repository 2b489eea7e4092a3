using Avro.Generic;
using Avro.IO;

namespace MlEvents.Bench.Workload;

/// <summary>Plain Apache.Avro binary encoding of a record, plus the 5-byte Confluent wire-format header the serializer adds.</summary>
public static class AvroBytes
{
    public const int WireHeaderLength = 5;

    public static byte[] Encode(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var stream = new MemoryStream();
        new GenericDatumWriter<GenericRecord>(record.Schema).Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }
}
