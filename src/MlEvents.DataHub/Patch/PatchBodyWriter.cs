using System.Buffers;
using System.Text.Json;

namespace MlEvents.DataHub.Patch;

/// <summary>
/// A per-thread reusable buffer and <see cref="Utf8JsonWriter"/> for patch bodies, so that writing one costs only the
/// returned array (a <see cref="MemoryStream"/> grows through several buffers for a body of a few KB).
/// </summary>
internal static class PatchBodyWriter
{
    private const int MaxRetainedBytes = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, PatchOperation.WriterOptions);
        t_buffer = null; // not reentrant: a nested call (none today) gets its own pair
        t_writer = null;
        try
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            write(writer, state);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity <= MaxRetainedBytes)
            {
                t_buffer = buffer;
                t_writer = writer;
            }
        }
    }
}
