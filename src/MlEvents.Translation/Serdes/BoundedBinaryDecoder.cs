using Avro;
using Avro.IO;

namespace MlEvents.Translation.Serdes;

/// <summary>
/// Apache.Avro's <see cref="BinaryDecoder"/> with the declared sizes of a corrupt payload checked against the bytes that
/// are actually there. Without it a damaged length prefix (e.g. a string "of 2 GiB" in a 300-byte record) makes the
/// decoder allocate that much before noticing the end of the input, and a damaged block count makes the generic reader
/// size an array for it: seconds of work and gigabytes of memory per bad record (found by the reliability fuzz test).
/// </summary>
internal sealed class BoundedBinaryDecoder(MemoryStream stream) : Decoder
{
    // Array/map items can legitimately take zero bytes (null, empty records), so a block may announce more items than
    // bytes are left: allow that up to a bound that keeps the reader's pre-sized array small (8 MB of references).
    private const long BlockCountSlack = 1_000_000;

    private readonly BinaryDecoder _inner = new(stream);

    private long Remaining => stream.Length - stream.Position;

    public string ReadString()
    {
        if (!stream.TryGetBuffer(out var buffer))
        {
            PeekLength("string");
            return _inner.ReadString();
        }

        // Decoded in place (the inner decoder would copy the bytes to a new array first): same UTF-8 decoder, same checks.
        var length = (int)ReadLength("string");
        var text = System.Text.Encoding.UTF8.GetString(buffer.Array!, buffer.Offset + (int)stream.Position, length);
        stream.Position += length;
        return text;
    }

    public byte[] ReadBytes()
    {
        PeekLength("bytes");
        return _inner.ReadBytes();
    }

    public void SkipString()
    {
        PeekLength("string");
        _inner.SkipString();
    }

    public void SkipBytes()
    {
        PeekLength("bytes");
        _inner.SkipBytes();
    }

    public long ReadArrayStart() => CheckBlock(_inner.ReadArrayStart(), "array");

    public long ReadArrayNext() => CheckBlock(_inner.ReadArrayNext(), "array");

    public long ReadMapStart() => CheckBlock(_inner.ReadMapStart(), "map");

    public long ReadMapNext() => CheckBlock(_inner.ReadMapNext(), "map");

    public void ReadNull() => _inner.ReadNull();

    public bool ReadBoolean() => _inner.ReadBoolean();

    public int ReadInt() => _inner.ReadInt();

    public long ReadLong() => _inner.ReadLong();

    public float ReadFloat() => _inner.ReadFloat();

    public double ReadDouble() => _inner.ReadDouble();

    public int ReadEnum() => _inner.ReadEnum();

    public int ReadUnionIndex() => _inner.ReadUnionIndex();

    public void ReadFixed(byte[] buffer) => _inner.ReadFixed(buffer);

    public void ReadFixed(byte[] buffer, int start, int length) => _inner.ReadFixed(buffer, start, length);

    public void SkipNull() => _inner.SkipNull();

    public void SkipBoolean() => _inner.SkipBoolean();

    public void SkipInt() => _inner.SkipInt();

    public void SkipLong() => _inner.SkipLong();

    public void SkipFloat() => _inner.SkipFloat();

    public void SkipDouble() => _inner.SkipDouble();

    public void SkipEnum() => _inner.SkipEnum();

    public void SkipUnionIndex() => _inner.SkipUnionIndex();

    public void SkipFixed(int length) => _inner.SkipFixed(length);

    /// <summary>Reads the length prefix, checks it, and rewinds so the inner decoder reads it again.</summary>
    private void PeekLength(string type)
    {
        var start = stream.Position;
        ReadLength(type);
        stream.Position = start;
    }

    private long ReadLength(string type)
    {
        var start = stream.Position;
        var length = _inner.ReadLong();
        if (length < 0 || length > Remaining)
        {
            throw new AvroException($"{type} length {length} at byte {start} exceeds the {Remaining} bytes left in the payload");
        }

        return length;
    }

    private long CheckBlock(long count, string type)
    {
        // A negative count announces a block byte size next (Avro spec); |count| items follow either way.
        if (count == long.MinValue || Math.Abs(count) > Remaining + BlockCountSlack)
        {
            throw new AvroException($"{type} block of {count} items at byte {stream.Position} cannot fit in the {Remaining} bytes left in the payload");
        }

        return count;
    }
}
