using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Patch;

/// <summary>
/// A typed patch value kept as the object itself: written straight into the patch body's writer, turned into a
/// <see cref="JsonNode"/> only if someone asks for <see cref="PatchOperation.Value"/>. Both give the same JSON,
/// because a node made by <see cref="JsonSerializer.SerializeToNode{T}(T, JsonTypeInfo{T})"/> is written back
/// token by token (strings unescaped and re-escaped by the target writer).
/// </summary>
internal abstract class DeferredPatchValue
{
    public abstract void WriteTo(Utf8JsonWriter writer);

    public abstract JsonNode? ToNode();
}

internal sealed class DeferredPatchValue<T>(T value, JsonTypeInfo<T> typeInfo) : DeferredPatchValue
{
    public override void WriteTo(Utf8JsonWriter writer) => JsonSerializer.Serialize(writer, value, typeInfo);

    public override JsonNode? ToNode() => JsonSerializer.SerializeToNode(value, typeInfo);
}
