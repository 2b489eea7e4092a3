using System.Buffers;
using System.Text;
using System.Text.Json;
using MlEvents.Contracts.JsonForm;

namespace MlEvents.Contracts;

/// <summary>
/// The documented JSON form of <see cref="MlEvent"/> (docs/EVENTS.md): envelope fields at the top level,
/// <c>"type"</c> = payload record name, <c>"payload"</c> = payload fields; field names as in the .avsc.
/// Optional fields may be omitted or null; unknown or duplicate fields are errors.
/// </summary>
public static class MlEventJson
{
    /// <exception cref="EventFormatException">Not valid JSON, or a field is unknown, missing, or of the wrong type.</exception>
    public static MlEvent Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonEventReader.Read(json);
    }

    /// <exception cref="EventFormatException">Not valid JSON, or a field is unknown, missing, or of the wrong type.</exception>
    public static MlEvent Parse(ReadOnlyMemory<byte> utf8Json) => JsonEventReader.Read(utf8Json);

    /// <summary>Reads an event from an already parsed element (e.g. one item of a JSON array).</summary>
    /// <exception cref="EventFormatException">A field is unknown, missing, or of the wrong type.</exception>
    public static MlEvent Parse(JsonElement element) => JsonEventReader.Read(element);

    /// <summary>Compact one-line JSON (no newline), deterministic field order (schema order; maps in insertion order).</summary>
    public static string Serialize(MlEvent mlEvent) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(mlEvent));

    public static byte[] SerializeToUtf8Bytes(MlEvent mlEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        JsonEventWriter.Write(mlEvent, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the compact JSON form to <paramref name="output"/>.</summary>
    public static void Serialize(MlEvent mlEvent, IBufferWriter<byte> output) => JsonEventWriter.Write(mlEvent, output);
}
