using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Serialisation helpers over the source-generated <see cref="AspectJsonContext"/> (no per-call reflection).</summary>
public static class AspectJson
{
    /// <summary>UTF-8 JSON bytes of an aspect, exactly as GMS's Pegasus codec expects them.</summary>
    public static byte[] Serialize<T>(T aspect) where T : IAspect<T> =>
        JsonSerializer.SerializeToUtf8Bytes(aspect, T.JsonTypeInfo);

    /// <summary>Reads an aspect back from its JSON bytes.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json) where T : IAspect<T> =>
        JsonSerializer.Deserialize(json, T.JsonTypeInfo)
        ?? throw new JsonException($"Aspect {T.AspectName} JSON was null.");

    /// <summary>
    /// A JSON node for any type registered in <see cref="AspectJsonContext"/> (aspects and their
    /// sub-records such as <see cref="MlMetric"/>, <see cref="Edge"/>), e.g. as a PATCH value.
    /// </summary>
    public static JsonNode ToNode<T>(T value)
    {
        if (value is JsonNode node)
        {
            return node.DeepClone();
        }

        return JsonSerializer.SerializeToNode(value, TypeInfoOf<T>())
            ?? throw new JsonException($"{typeof(T).Name} serialised to null.");
    }

    /// <summary>The source-generated metadata of <typeparamref name="T"/>, looked up once per type.</summary>
    public static JsonTypeInfo<T> TypeInfoOf<T>() =>
        TypeInfoCache<T>.Info ?? throw new NotSupportedException($"{typeof(T).Name} is not registered in AspectJsonContext.");

    private static class TypeInfoCache<T>
    {
        public static readonly JsonTypeInfo<T>? Info = AspectJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>;
    }
}
