using System.Buffers.Binary;

namespace MlEvents.Translation.Serdes;

/// <summary>Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary datum.</summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;
    public const int HeaderSize = 5;

    public static byte[] Header(int schemaId)
    {
        var header = new byte[HeaderSize];
        header[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), schemaId);
        return header;
    }

    /// <summary>Validates the header and returns the schema id; throws <see cref="InvalidDataException"/> (permanent) otherwise.</summary>
    public static int ReadSchemaId(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
            throw new InvalidDataException("Not Confluent wire format: the payload is empty.");
        if (data[0] != MagicByte)
            throw new InvalidDataException($"Not Confluent wire format: unknown magic byte 0x{data[0]:X2} (expected 0x00).");
        if (data.Length < HeaderSize)
            throw new InvalidDataException($"Not Confluent wire format: truncated header ({data.Length} of {HeaderSize} bytes).");
        return BinaryPrimitives.ReadInt32BigEndian(data[1..]);
    }
}
