using System.Collections.Concurrent;
using Avro;
using Avro.Generic;
using Avro.IO;

namespace MlEvents.Bench.Workload;

/// <summary>Plain Apache.Avro binary encoding of a record (one cached writer per schema, as a serializer keeps it).</summary>
public static class AvroBytes
{
    /// <summary>Length of the Confluent wire-format header (magic byte + schema id) the serializer adds.</summary>
    public const int WireHeaderLength = 5;

    private static readonly ConcurrentDictionary<Schema, GenericDatumWriter<GenericRecord>> Writers = new();

    public static byte[] Encode(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = Writers.GetOrAdd(record.Schema, schema => new GenericDatumWriter<GenericRecord>(schema));
        using var stream = new MemoryStream();
        writer.Write(record, new BinaryEncoder(stream));
        return stream.ToArray();
    }
}
