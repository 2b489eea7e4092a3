using System.Globalization;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Patch;

namespace MlEvents.DataHub.Store;

/// <summary>RFC 6902 add / remove / replace on a <see cref="JsonNode"/> tree (as jakarta.json's JsonPatch).</summary>
internal static class RfcJsonPatch
{
    public static JsonNode Apply(JsonNode document, PatchOperation operation)
    {
        var segments = JsonPointer.Parse(operation.Path);
        if (segments.Count == 0)
        {
            return operation.Op switch
            {
                PatchOp.Remove => throw new JsonPatchException("Cannot remove the whole document."),
                _ => operation.Value?.DeepClone() ?? throw new JsonPatchException("Cannot replace the document with null."),
            };
        }

        var parent = Resolve(document, segments.Take(segments.Count - 1), operation.Path);
        var last = segments[^1];
        switch (parent)
        {
            case JsonObject obj:
                ApplyToObject(obj, last, operation);
                break;
            case JsonArray array:
                ApplyToArray(array, last, operation);
                break;
            default:
                throw new JsonPatchException($"Path {operation.Path}: parent is not a container.");
        }

        return document;
    }

    private static JsonNode Resolve(JsonNode document, IEnumerable<string> segments, string path)
    {
        var current = document;
        foreach (var segment in segments)
        {
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(segment, out var child) && child is not null => child,
                JsonArray array when TryIndex(segment, array.Count, out var index) && array[index] is { } item => item,
                _ => throw new JsonPatchException($"Path {path}: '{segment}' does not exist."),
            };
        }

        return current;
    }

    private static void ApplyToObject(JsonObject obj, string key, PatchOperation operation)
    {
        switch (operation.Op)
        {
            case PatchOp.Add:
                obj[key] = operation.Value?.DeepClone();
                break;
            case PatchOp.Replace:
                if (!obj.ContainsKey(key))
                {
                    throw new JsonPatchException($"Path {operation.Path}: cannot replace a missing member.");
                }

                obj[key] = operation.Value?.DeepClone();
                break;
            case PatchOp.Remove:
                if (!obj.Remove(key))
                {
                    throw new JsonPatchException($"Path {operation.Path}: cannot remove a missing member.");
                }

                break;
        }
    }

    private static void ApplyToArray(JsonArray array, string segment, PatchOperation operation)
    {
        if (operation.Op == PatchOp.Add && segment == "-")
        {
            array.Add(operation.Value?.DeepClone());
            return;
        }

        var limit = operation.Op == PatchOp.Add ? array.Count + 1 : array.Count;
        if (!TryIndex(segment, limit, out var index))
        {
            throw new JsonPatchException($"Path {operation.Path}: bad array index '{segment}'.");
        }

        switch (operation.Op)
        {
            case PatchOp.Add:
                array.Insert(index, operation.Value?.DeepClone());
                break;
            case PatchOp.Replace:
                array[index] = operation.Value?.DeepClone();
                break;
            case PatchOp.Remove:
                array.RemoveAt(index);
                break;
        }
    }

    private static bool TryIndex(string segment, int limit, out int index) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && (segment == "0" || segment[0] != '0')
        && index < limit;
}
