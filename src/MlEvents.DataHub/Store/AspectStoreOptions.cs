namespace MlEvents.DataHub.Store;

/// <summary>Which DataHub behaviour <see cref="AspectStore"/> models.</summary>
public sealed record AspectStoreOptions
{
    /// <summary>
    /// Reject template-path PATCHes (plain RFC 6902 arrays, or generic bodies without keys and without
    /// <c>forceGenericPatch</c>) on aspects outside <c>SUPPORTED_TEMPLATES</c>, as GMS does.
    /// </summary>
    public bool EnforcePatchTemplates { get; init; } = true;

    /// <summary>
    /// Accept generic-path PATCHes on any non-timeseries aspect (newer GMS, see docs/DATAHUB-MODEL.md).
    /// Set false to model a GMS whose <c>MCPItem.supportsPatch</c> still rejects non-template aspects.
    /// </summary>
    public bool GenericPatchOnAnyAspect { get; init; } = true;

    /// <summary>
    /// Array keys of DataHub's own templates, used for template-path patches (e.g. <c>GlobalTagsTemplate</c>
    /// keys <c>tags</c> by <c>tag</c>, so <c>/tags/&lt;tag urn&gt;</c> addresses one association).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> TemplateArrayKeys { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal)
        {
            ["globalTags"] = new Dictionary<string, IReadOnlyList<string>> { ["tags"] = ["tag"] },
            ["dataProcessInstanceOutput"] = new Dictionary<string, IReadOnlyList<string>> { ["outputs"] = [], ["outputEdges"] = ["destinationUrn"] },
            ["dataProcessInstanceInput"] = new Dictionary<string, IReadOnlyList<string>> { ["inputs"] = [], ["inputEdges"] = ["destinationUrn"] },
        };

    /// <summary>
    /// Templates whose <c>getDefault()</c> throws, so a template-path PATCH needs an existing aspect
    /// (<c>VersionPropertiesTemplate</c>: "no sensible default for version set").
    /// </summary>
    public IReadOnlySet<string> TemplatesWithoutDefault { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "versionProperties" };
}
