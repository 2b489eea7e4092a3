using System.Text.Json;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;

namespace MlEvents.DataHub.Patch;

/// <summary>
/// Builds a <see cref="GenericJsonPatch"/>. Paths are given as unescaped segments and escaped here
/// (<c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>), so URNs can be used as keys directly.
/// </summary>
public sealed class GenericJsonPatchBuilder
{
    private readonly Dictionary<string, IReadOnlyList<string>> _arrayPrimaryKeys = new(StringComparer.Ordinal);
    private readonly List<PatchOperation> _operations = [];
    private bool _force = true;

    /// <summary>Declares an array field as keyed by <paramref name="keyFields"/> (none: an array of strings keyed by value).</summary>
    public GenericJsonPatchBuilder KeyArray(string arrayField, params string[] keyFields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(arrayField);
        _arrayPrimaryKeys[arrayField] = keyFields;
        return this;
    }

    /// <summary>Sets <c>forceGenericPatch</c> (default true: this builder exists for the generic path).</summary>
    public GenericJsonPatchBuilder ForceGenericPatch(bool force = true)
    {
        _force = force;
        return this;
    }

    public GenericJsonPatchBuilder Add(IEnumerable<string> pathSegments, JsonNode value)
    {
        _operations.Add(PatchOperation.Add(JsonPointer.Build(pathSegments), value));
        return this;
    }

    /// <summary>Adds a value of any type registered in <see cref="AspectJsonContext"/> (e.g. an <see cref="MlMetric"/>).</summary>
    public GenericJsonPatchBuilder Add<T>(IEnumerable<string> pathSegments, T value)
    {
        switch (value)
        {
            case JsonNode node:
                return Add(pathSegments, node.DeepClone());
            case null:
                throw new JsonException($"{typeof(T).Name} serialised to null.");
        }

        // Serialised straight into the patch body when it is written: no JSON round trip through a node per value.
        _operations.Add(PatchOperation.Add(JsonPointer.Build(pathSegments), value, AspectJson.TypeInfoOf<T>()));
        return this;
    }

    public GenericJsonPatchBuilder Replace(IEnumerable<string> pathSegments, JsonNode value)
    {
        _operations.Add(PatchOperation.Replace(JsonPointer.Build(pathSegments), value));
        return this;
    }

    public GenericJsonPatchBuilder Remove(IEnumerable<string> pathSegments)
    {
        _operations.Add(PatchOperation.Remove(JsonPointer.Build(pathSegments)));
        return this;
    }

    /// <summary>Idempotent add of one string to a string array keyed by value (declares the key list as empty).</summary>
    public GenericJsonPatchBuilder AddToStringSet(string arrayField, string value)
    {
        if (!_arrayPrimaryKeys.ContainsKey(arrayField))
        {
            KeyArray(arrayField);
        }

        return Add([arrayField, value], JsonValue.Create(value));
    }

    /// <summary>Adds or replaces one record of an array keyed by a single field (declares that key).</summary>
    public GenericJsonPatchBuilder PutKeyed<T>(string arrayField, string keyField, string key, T record)
    {
        if (!_arrayPrimaryKeys.ContainsKey(arrayField))
        {
            KeyArray(arrayField, keyField);
        }

        return Add([arrayField, key], record);
    }

    /// <summary>Sets a top-level field (creates or overwrites it; siblings stay untouched).</summary>
    public GenericJsonPatchBuilder SetField<T>(string field, T value) => Add([field], value);

    /// <summary>Adds or overwrites one entry of a map field such as <c>customProperties</c>.</summary>
    public GenericJsonPatchBuilder SetMapEntry(string mapField, string key, string value) =>
        Add([mapField, key], JsonValue.Create(value));

    public GenericJsonPatch Build() => new()
    {
        ArrayPrimaryKeys = new Dictionary<string, IReadOnlyList<string>>(_arrayPrimaryKeys),
        Patch = _operations.ToArray(),
        ForceGenericPatch = _force,
    };
}
