using System.Text.Json.Nodes;

namespace MlEvents.DataHub.Store;

/// <summary>Which DataHub behaviour <see cref="AspectStore"/> models. The defaults are a GMS of every stored DataHub version.</summary>
public sealed record AspectStoreOptions
{
    /// <summary>
    /// Accept generic-path PATCHes (<c>forceGenericPatch</c> or <c>arrayPrimaryKeys</c>) on aspects without a patch template.
    /// False (default) models every stored GMS version: <c>MCPItem.supportsPatch</c> refuses them ("Aspect: X does not
    /// currently support patch operations."). True models a GMS that applies them, which the opt-in GenericPatch write mode needs.
    /// A template-path PATCH (RFC 6902 array) on a template-less aspect is refused either way.
    /// </summary>
    public bool GenericPatchOnAnyAspect { get; init; }

    /// <summary>
    /// Array keys of DataHub's own templates, used for template-path patches (e.g. <c>GlobalTagsTemplate</c>
    /// keys <c>tags</c> by <c>tag</c>, so <c>/tags/&lt;tag urn&gt;</c> addresses one association).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> TemplateArrayKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal)
        {
            ["globalTags"] = new Dictionary<string, IReadOnlyList<string>> { ["tags"] = ["tag"] },
        };

    /// <summary>
    /// <c>getDefault()</c> of the templates whose default is not an empty record (<c>GlobalTagsTemplate</c>: <c>{tags: []}</c>):
    /// the value a PATCH starts from when the aspect does not exist yet. Other aspects start from <c>{}</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> TemplateDefaults { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["globalTags"] = """{"tags":[]}""",
    };

    /// <summary>
    /// Templates whose <c>getDefault()</c> throws, so a PATCH needs an existing aspect
    /// (<c>VersionPropertiesTemplate</c>: "no sensible default for version set").
    /// </summary>
    public IReadOnlySet<string> TemplatesWithoutDefault { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "versionProperties" };

    internal JsonObject DefaultOf(string aspectName) =>
        TemplateDefaults.TryGetValue(aspectName, out var json) ? (JsonObject)JsonNode.Parse(json)! : new JsonObject();
}
