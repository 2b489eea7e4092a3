using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Patch;

/// <summary>The JSON-patch operations DataHub accepts (<c>PatchOperationType</c>).</summary>
public enum PatchOp
{
    Add,
    Remove,
    Replace,
}

/// <summary>One RFC 6902 operation; <see cref="Path"/> is an already-escaped JSON pointer.</summary>
public sealed record PatchOperation(PatchOp Op, string Path, JsonNode? Value = null)
{
    private readonly DeferredPatchValue? _deferred;
    private JsonNode? _value = Value;

    private PatchOperation(PatchOp op, string path, DeferredPatchValue deferred)
        : this(op, path)
    {
        _deferred = deferred;
    }

    /// <summary>The value (null for remove); a typed value added by <see cref="GenericJsonPatchBuilder"/> becomes a node on first access.</summary>
    public JsonNode? Value
    {
        get
        {
            if (_value is null && _deferred is not null)
            {
                Interlocked.CompareExchange(ref _value, _deferred.ToNode(), null);
            }

            return _value;
        }

        init => _value = value;
    }

    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static PatchOperation Add(string path, JsonNode value) => new(PatchOp.Add, path, value);

    /// <summary>An add whose value is serialised with <paramref name="typeInfo"/> when the patch is written (no intermediate node).</summary>
    internal static PatchOperation Add<T>(string path, T value, JsonTypeInfo<T> typeInfo) =>
        new(PatchOp.Add, path, new DeferredPatchValue<T>(value, typeInfo));

    public static PatchOperation Replace(string path, JsonNode value) => new(PatchOp.Replace, path, value);

    public static PatchOperation Remove(string path) => new(PatchOp.Remove, path);

    public string OpSymbol => Op switch
    {
        PatchOp.Add => "add",
        PatchOp.Remove => "remove",
        PatchOp.Replace => "replace",
        _ => throw new InvalidOperationException($"Unknown op {Op}"),
    };

    public static PatchOp ParseOp(string symbol) => symbol.ToLowerInvariant() switch
    {
        "add" => PatchOp.Add,
        "remove" => PatchOp.Remove,
        "replace" => PatchOp.Replace,
        _ => throw new FormatException($"Unsupported PATCH operation '{symbol}' (DataHub supports add, remove, replace)."),
    };

    /// <summary>Writes <c>{"op", "path"[, "value"]}</c>; <c>value</c> is omitted for remove, as Java's <c>PatchOp.toMap</c> does.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("op", OpSymbol);
        writer.WriteString("path", Path);
        if (Op != PatchOp.Remove)
        {
            writer.WritePropertyName("value");
            // A node already materialised wins: it is what a caller may have looked at (or changed).
            if (_value is null && _deferred is not null)
            {
                _deferred.WriteTo(writer);
            }
            else if (_value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                _value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one operation object.</summary>
    public static PatchOperation FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var op = ParseOp(json["op"]?.GetValue<string>() ?? throw new FormatException("Patch operation without 'op'."));
        var path = json["path"]?.GetValue<string>() ?? throw new FormatException("Patch operation without 'path'.");
        return new PatchOperation(op, path, json["value"]?.DeepClone());
    }

    /// <summary>The plain RFC 6902 array form (<c>[{op, path, value}, …]</c>) as UTF-8 JSON.</summary>
    public static byte[] ToUtf8JsonArray(IEnumerable<PatchOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return PatchBodyWriter.Write(operations, static (writer, ops) =>
        {
            writer.WriteStartArray();
            foreach (var operation in ops)
            {
                operation.WriteTo(writer);
            }

            writer.WriteEndArray();
        });
    }
}
