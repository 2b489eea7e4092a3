using System.Text.Json;
using System.Text.Json.Nodes;

namespace MlEvents.DataHub.Store;

/// <summary>
/// Port of DataHub's <c>ArrayMergingTemplate.arrayFieldToMap</c> / <c>transformedMapToArray</c> /
/// <c>mergeToArray</c> and <c>TemplateUtil.populateTopLevelKeys</c>
/// (entity-registry/src/main/java/com/linkedin/metadata/aspect/patch/template/).
/// </summary>
internal static class ArrayMerging
{
    public const char UnitSeparator = '\u241F';

    /// <summary>Turns a keyed array into nested maps; a missing field becomes an empty map (as in Java).</summary>
    public static void ArrayFieldToMap(JsonObject root, string field, IReadOnlyList<string> keyFields)
    {
        var map = new JsonObject();
        if (root[field] is JsonArray array)
        {
            foreach (var element in array)
            {
                if (keyFields.Count == 0)
                {
                    map[element is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : ""] = element?.DeepClone();
                    continue;
                }

                var level = map;
                foreach (var keyField in keyFields)
                {
                    var key = KeyOf(element, keyField);
                    if (level[key] is not JsonObject next)
                    {
                        next = new JsonObject();
                        level[key] = next;
                    }

                    level = next;
                }

                if (element is JsonObject fields)
                {
                    foreach (var (name, value) in fields)
                    {
                        level[name] = value?.DeepClone();
                    }
                }
            }
        }

        root[field] = map;
    }

    /// <summary>Inverse of <see cref="ArrayFieldToMap"/>, re-injecting key fields that only lived in the path.</summary>
    public static void TransformedMapToArray(JsonObject root, string field, IReadOnlyList<string> keyFields)
    {
        var node = root[field];
        if (node is JsonArray)
        {
            return; // a replace of the whole array
        }

        if (node is null)
        {
            root[field] = new JsonArray();
            return;
        }

        var result = new JsonArray();
        if (keyFields.Count == 0)
        {
            if (node is JsonObject strings)
            {
                foreach (var (_, value) in strings)
                {
                    result.Add(value?.DeepClone());
                }
            }
        }
        else
        {
            foreach (var element in MergeToArray(node, keyFields, 0))
            {
                result.Add(element);
            }
        }

        root[field] = result;
    }

    /// <summary>
    /// Creates the intermediate objects a patch path needs (all segments but the last; all of them for
    /// remove), using the raw, still-escaped segments exactly as DataHub does. A path through an array
    /// or a scalar fails in DataHub (ClassCastException), so it fails here too.
    /// </summary>
    public static void PopulateTopLevelKeys(JsonObject root, Patch.PatchOperation operation)
    {
        var keys = operation.Path.Split('/');
        var end = operation.Op == Patch.PatchOp.Remove ? keys.Length : keys.Length - 1;
        JsonNode parent = root;
        for (var i = 1; i < end; i++)
        {
            if (parent is not JsonObject obj)
            {
                throw new JsonPatchException($"Path {operation.Path}: DataHub cannot create keys below a non-object ('{keys[i - 1]}').");
            }

            if (obj[keys[i]] is not { } child)
            {
                child = new JsonObject();
                obj[keys[i]] = child;
            }

            parent = child;
        }
    }

    private static List<JsonNode?> MergeToArray(JsonNode? node, IReadOnlyList<string> keyFields, int depth)
    {
        if (depth == keyFields.Count)
        {
            return node is JsonArray leafArray
                ? leafArray.Select(e => e?.DeepClone()).ToList()
                : [node?.DeepClone()];
        }

        var keyField = keyFields[depth];
        var merged = new List<JsonNode?>();
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var elements = MergeToArray(value, keyFields, depth + 1);
                    ReinjectKey(elements, keyField, key);
                    merged.AddRange(elements);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    merged.AddRange(MergeToArray(item, keyFields, depth + 1));
                }

                break;
        }

        return merged;
    }

    // DataHub restores only scalar key fields (checked against the aspect schema); without schemas this
    // model restores any simple key field whose value is missing from the element.
    private static void ReinjectKey(List<JsonNode?> elements, string keyField, string key)
    {
        if (key.Length == 0 || keyField.Contains(UnitSeparator, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var element in elements)
        {
            if (element is JsonObject obj && !obj.ContainsKey(keyField))
            {
                obj[keyField] = key;
            }
        }
    }

    private static string KeyOf(JsonNode? element, string keyField)
    {
        JsonNode? current = element;
        foreach (var part in keyField.Split(UnitSeparator))
        {
            current = current is JsonObject obj ? obj[part] : null;
        }

        // Jackson's asText(): strings as-is, numbers/booleans as their text, containers/missing as "".
        return current switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => "",
        };
    }
}
