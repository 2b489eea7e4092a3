using System.Text;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// A growable byte buffer with Avro's binary primitives (zig-zag varint longs, length-prefixed UTF-8 strings and bytes),
/// written the way Apache.Avro's <c>BinaryEncoder</c> writes them. Not thread-safe: one per thread (<see cref="ForThread"/>).
/// </summary>
public sealed class AvroBinaryBuffer
{
    private const int LargestKept = 1 << 20;

    [ThreadStatic] private static AvroBinaryBuffer? t_buffer;

    private byte[] _bytes = new byte[1024];

    public int Length { get; private set; }

    /// <summary>This thread's buffer, emptied.</summary>
    public static AvroBinaryBuffer ForThread()
    {
        var buffer = t_buffer ??= new AvroBinaryBuffer();
        if (buffer._bytes.Length > LargestKept)
        {
            buffer._bytes = new byte[1024]; // keep no huge buffer alive per thread
        }

        buffer.Length = 0;
        return buffer;
    }

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, Length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Length += bytes.Length;
    }

    /// <summary>Avro int and long: zig-zag, then base-128 varint.</summary>
    public void WriteLong(long value)
    {
        var span = Reserve(10);
        var n = (ulong)((value << 1) ^ (value >> 63));
        var i = 0;
        while (n > 0x7F)
        {
            span[i++] = (byte)((n & 0x7F) | 0x80);
            n >>= 7;
        }

        span[i++] = (byte)n;
        Length += i;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteLong(value.Length);
        WriteRaw(value);
    }

    /// <summary>UTF-8 (lone surrogates become U+FFFD, as <see cref="Encoding.UTF8"/> does for the Avro encoder).</summary>
    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        WriteLong(byteCount);
        Length += Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    private Span<byte> Reserve(int count)
    {
        if (_bytes.Length - Length < count)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + count));
        }

        return _bytes.AsSpan(Length, count);
    }
}
