using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;

namespace MlEvents.DataHub.Store;

/// <summary>
/// The fields DataHub's PDLs require (no <c>optional</c>, no default) in the aspects this project writes, checked by GMS
/// after every write, a PATCH's result included ("field is required but not found and has no default value").
/// A path <c>a.b</c> is checked only where <c>a</c> exists; <c>a[]</c> checks every element of the array <c>a</c>.
/// From ../shared/datahub/pdl (PROVENANCE.md lists the commits).
/// </summary>
public static class RequiredFields
{
    private static readonly string[] TimeStamp = ["time"];
    private static readonly string[] AuditStamp = ["time", "actor"];

    /// <summary>Aspect name → required paths.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ByAspect = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [AspectNames.ContainerProperties] = ["name", .. Under("created", TimeStamp), .. Under("lastModified", TimeStamp)],
        [AspectNames.SubTypes] = ["typeNames"],
        [AspectNames.DataPlatformInstance] = ["platform"],
        [AspectNames.BrowsePathsV2] = ["path", "path[].id"],
        [AspectNames.Container] = ["container"],
        [AspectNames.DataProcessInstanceProperties] = ["name", "created", .. Under("created", AuditStamp)],
        [AspectNames.DataProcessInstanceInput] = ["inputs", "inputEdges[].destinationUrn"],
        [AspectNames.DataProcessInstanceOutput] = ["outputs", "outputEdges[].destinationUrn"],
        [AspectNames.DataProcessInstanceRunEvent] = ["timestampMillis", "status", "result.type", "result.nativeResultType"],
        [AspectNames.MlTrainingRunProperties] = ["hyperParams[].name", "trainingMetrics[].name"],
        [AspectNames.MlModelGroupProperties] = [.. Under("created", TimeStamp), .. Under("lastModified", TimeStamp), .. Under("version.metadataAttribution", AuditStamp)],
        [AspectNames.MlModelProperties] = ["hyperParams[].name", "trainingMetrics[].name", .. Under("created", TimeStamp), .. Under("lastModified", TimeStamp)],
        [AspectNames.VersionProperties] = ["versionSet", "version", "sortId", .. Under("version.metadataAttribution", AuditStamp)],
        [AspectNames.GlobalTags] = ["tags", "tags[].tag"],
        [AspectNames.TagProperties] = ["name"],
        [AspectNames.PlatformResourceInfo] = ["resourceType", "primaryKey"],
    };

    /// <summary>The required paths missing from <paramref name="aspect"/> (empty when DataHub would accept it).</summary>
    public static IReadOnlyList<string> Missing(string aspectName, JsonObject aspect)
    {
        ArgumentNullException.ThrowIfNull(aspect);
        if (!ByAspect.TryGetValue(aspectName, out var paths))
        {
            return [];
        }

        var missing = new List<string>();
        foreach (var path in paths)
        {
            Check(aspect, path.Split('.'), 0, "", missing);
        }

        return missing;
    }

    private static void Check(JsonNode? node, string[] parts, int index, string prefix, List<string> missing)
    {
        if (index == parts.Length || node is not JsonObject obj)
        {
            return;
        }

        var part = parts[index];
        var isArray = part.EndsWith("[]", StringComparison.Ordinal);
        var name = isArray ? part[..^2] : part;
        var path = prefix + "/" + name;
        if (!obj.TryGetPropertyValue(name, out var child) || child is null)
        {
            // A parent is required only when listed on its own; "a.b" and "a[].b" are checked where "a" exists.
            if (index == parts.Length - 1 && !isArray)
            {
                missing.Add(path);
            }

            return;
        }

        if (!isArray)
        {
            Check(child, parts, index + 1, path, missing);
            return;
        }

        if (child is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(array[i], parts, index + 1, $"{path}/{i}", missing);
            }
        }
    }

    private static IEnumerable<string> Under(string parent, IEnumerable<string> fields) => fields.Select(f => parent + "." + f);
}
