using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlEvents.DataHub.Patch;

/// <summary>
/// DataHub's generic patch body (Java <c>GenericJsonPatch</c>, Python <c>GenericJsonPatch.to_dict()</c>):
/// <c>{"arrayPrimaryKeys": {field: [keyField…]}, "patch": [ops], "forceGenericPatch": bool}</c>.
/// Sent with content type <c>application/json-patch+json</c>.
/// </summary>
public sealed record GenericJsonPatch
{
    /// <summary>Array fields turned into maps before the patch, keyed by these fields (empty list: array of strings).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ArrayPrimaryKeys { get; init; }

    public required IReadOnlyList<PatchOperation> Patch { get; init; }

    /// <summary>Bypass the aspect's own template even when one exists.</summary>
    public bool ForceGenericPatch { get; init; }

    /// <summary>True when GMS takes the generic path (<c>PatchItemImpl.applyPatch</c>).</summary>
    public bool UsesGenericPath => ArrayPrimaryKeys.Count > 0 || ForceGenericPatch;

    /// <summary>The body as compact UTF-8 JSON, fields in the order Python's <c>to_dict()</c> writes them.</summary>
    public byte[] ToUtf8Json() => PatchBodyWriter.Write(this, static (writer, patch) =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("arrayPrimaryKeys");
        foreach (var (field, keys) in patch.ArrayPrimaryKeys)
        {
            writer.WriteStartArray(field);
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("patch");
        foreach (var operation in patch.Patch)
        {
            operation.WriteTo(writer);
        }

        writer.WriteEndArray();
        if (patch.ForceGenericPatch)
        {
            // Written only when set: a GMS whose GenericJsonPatch predates the flag would reject the
            // unknown property, and false is the default everywhere.
            writer.WriteBoolean("forceGenericPatch", true);
        }

        writer.WriteEndObject();
    });

    /// <summary>Parses the object form (missing <c>arrayPrimaryKeys</c> / <c>forceGenericPatch</c> default to empty / false).</summary>
    public static GenericJsonPatch FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (json["arrayPrimaryKeys"] is JsonObject primaryKeys)
        {
            foreach (var (field, list) in primaryKeys)
            {
                keys[field] = list is JsonArray array ? array.Select(k => k!.GetValue<string>()).ToArray() : [];
            }
        }

        var ops = json["patch"] as JsonArray ?? throw new FormatException("Generic patch body without a 'patch' array.");
        return new GenericJsonPatch
        {
            ArrayPrimaryKeys = keys,
            Patch = ops.Select(o => PatchOperation.FromJson(o as JsonObject ?? throw new FormatException("Patch op is not an object."))).ToArray(),
            ForceGenericPatch = json["forceGenericPatch"]?.GetValue<bool>() ?? false,
        };
    }

    /// <summary>Parses either form of a DataHub patch body: the RFC 6902 array or the generic object.</summary>
    public static GenericJsonPatch Parse(ReadOnlySpan<byte> utf8Json)
    {
        var node = JsonNode.Parse(utf8Json) ?? throw new FormatException("Empty patch body.");
        return node switch
        {
            JsonArray array => new GenericJsonPatch
            {
                ArrayPrimaryKeys = new Dictionary<string, IReadOnlyList<string>>(),
                Patch = array.Select(o => PatchOperation.FromJson(o as JsonObject ?? throw new FormatException("Patch op is not an object."))).ToArray(),
            },
            JsonObject obj when obj.ContainsKey("patch") => FromJson(obj),
            _ => throw new FormatException("A DataHub patch body is a JSON array or an object with a 'patch' array."),
        };
    }
}
