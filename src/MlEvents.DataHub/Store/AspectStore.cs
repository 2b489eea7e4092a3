using System.Text.Json;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Patch;

namespace MlEvents.DataHub.Store;

/// <summary>
/// In-memory model of what DataHub's GMS holds after applying MCPs in order, and of what it refuses: UPSERT replaces an
/// aspect; PATCH is accepted only for aspects with a patch template (generic PATCHes on other aspects only with
/// <see cref="AspectStoreOptions.GenericPatchOnAnyAspect"/>), starts from the stored value or the aspect's default and
/// applies the ops with DataHub's keyed-array handling; every result must hold the PDL's required fields
/// (<see cref="RequiredFields"/>); timeseries aspects keep one value per <c>timestampMillis</c>. Not thread-safe.
/// </summary>
public sealed class AspectStore(AspectStoreOptions? options = null)
{
    private readonly AspectStoreOptions _options = options ?? new AspectStoreOptions();
    private readonly Dictionary<(string Urn, string Aspect), JsonObject> _versioned = [];
    private readonly Dictionary<(string Urn, string Aspect), SortedDictionary<long, JsonObject>> _timeseries = [];

    /// <summary>Applies MCPs in order; a rejected MCP throws and leaves the store as it was before it.</summary>
    public void ApplyAll(IEnumerable<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        foreach (var mcp in mcps)
        {
            Apply(mcp);
        }
    }

    /// <summary>
    /// Applies MCPs in order as one transaction, as GMS does with the proposals of one ingest request: when one is
    /// rejected, the store is left as it was before the first and the rejection is thrown.
    /// </summary>
    public void ApplyAllOrNothing(IEnumerable<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        var undo = new List<Action>();
        try
        {
            foreach (var mcp in mcps)
            {
                Apply(mcp, undo);
            }
        }
        catch
        {
            for (var i = undo.Count - 1; i >= 0; i--)
            {
                undo[i]();
            }

            throw;
        }
    }

    /// <summary>Applies one MCP, or throws <see cref="JsonPatchException"/> where DataHub would reject it.</summary>
    public void Apply(MetadataChangeProposal mcp) => Apply(mcp, undo: null);

    private void Apply(MetadataChangeProposal mcp, List<Action>? undo)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        var key = (mcp.EntityUrn, mcp.AspectName);
        var timeseries = AspectNames.Timeseries.Contains(mcp.AspectName);
        switch (mcp.ChangeType)
        {
            case ChangeType.Upsert when timeseries:
                var point = ParseObject(mcp);
                var timestamp = point["timestampMillis"]?.GetValue<long>()
                    ?? throw new JsonPatchException($"{mcp.AspectName} without timestampMillis.", RefusalKind.RequiredFieldsMissing);
                ThrowIfRequiredFieldsMissing(mcp, point);
                if (!_timeseries.TryGetValue(key, out var series))
                {
                    series = [];
                    _timeseries[key] = series;
                    undo?.Add(() => _timeseries.Remove(key));
                }

                if (undo is not null)
                {
                    var replaced = series.TryGetValue(timestamp, out var previousPoint);
                    var target = series;
                    undo.Add(() =>
                    {
                        if (replaced) target[timestamp] = previousPoint!;
                        else target.Remove(timestamp);
                    });
                }

                series[timestamp] = point;
                break;
            case ChangeType.Upsert:
                SetVersioned(key, ThrowIfRequiredFieldsMissing(mcp, ParseObject(mcp)), undo);
                break;
            case ChangeType.Patch when timeseries:
                throw new JsonPatchException($"Timeseries aspect {mcp.AspectName} accepts only UPSERT.");
            case ChangeType.Patch:
                SetVersioned(key, ThrowIfRequiredFieldsMissing(mcp, ApplyPatch(mcp, _versioned.GetValueOrDefault(key))), undo);
                break;
            default:
                throw new JsonPatchException($"ChangeType {mcp.ChangeType.ToSymbol()} is not modelled (DataHub ingests UPSERT and PATCH).");
        }
    }

    private void SetVersioned((string Urn, string Aspect) key, JsonObject value, List<Action>? undo)
    {
        if (undo is not null)
        {
            var existed = _versioned.TryGetValue(key, out var previous);
            undo.Add(() =>
            {
                if (existed) _versioned[key] = previous!;
                else _versioned.Remove(key);
            });
        }

        _versioned[key] = value;
    }

    /// <summary>A copy of the stored (non-timeseries) aspect, or null.</summary>
    public JsonObject? Get(string urn, string aspectName) =>
        _versioned.TryGetValue((urn, aspectName), out var value) ? (JsonObject)value.DeepClone() : null;

    /// <summary>The stored aspect as compact JSON, or null.</summary>
    public string? GetJson(string urn, string aspectName) => Get(urn, aspectName)?.ToJsonString();

    /// <summary>The stored aspect deserialised into its record type, or null.</summary>
    public T? Get<T>(string urn) where T : class, IAspect<T> =>
        Get(urn, T.AspectName) is { } json ? json.Deserialize(T.JsonTypeInfo) : null;

    /// <summary>Copies of a timeseries aspect's values, ordered by <c>timestampMillis</c>.</summary>
    public IReadOnlyList<JsonObject> GetTimeseries(string urn, string aspectName) =>
        _timeseries.TryGetValue((urn, aspectName), out var series)
            ? series.Values.Select(v => (JsonObject)v.DeepClone()).ToArray()
            : [];

    /// <summary>All (urn, aspect) pairs holding a value, timeseries included.</summary>
    public IEnumerable<(string Urn, string AspectName)> Keys => _versioned.Keys.Concat(_timeseries.Keys);

    /// <summary>
    /// Compact JSON of every stored value keyed by (urn, aspect); timeseries aspects are a JSON array ordered by
    /// <c>timestampMillis</c>. Handy to compare the state after two MCP sequences.
    /// </summary>
    public IReadOnlyDictionary<(string Urn, string AspectName), string> Snapshot()
    {
        var snapshot = _versioned.ToDictionary(kv => kv.Key, kv => kv.Value.ToJsonString());
        foreach (var (key, series) in _timeseries)
        {
            snapshot[key] = new JsonArray(series.Values.Select(v => (JsonNode)v.DeepClone()).ToArray()).ToJsonString();
        }

        return snapshot;
    }

    /// <summary>URNs of all entities with at least one aspect.</summary>
    public IEnumerable<string> Urns => Keys.Select(k => k.Urn).Distinct(StringComparer.Ordinal);

    private JsonObject ApplyPatch(MetadataChangeProposal mcp, JsonObject? stored)
    {
        GenericJsonPatch patch;
        try
        {
            patch = GenericJsonPatch.Parse(mcp.AspectValue.Span);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new JsonPatchException($"Invalid JSON Patch for {mcp.AspectName}: {e.Message}", RefusalKind.UnreadablePayload);
        }

        // MCPItem.supportsPatch runs before the body is looked at: no template, no PATCH, whatever forceGenericPatch says
        // (unless the modelled GMS accepts generic patches on any aspect, and this body takes the generic path).
        var hasTemplate = AspectNames.PatchTemplates.Contains(mcp.AspectName);
        if (!hasTemplate && !(patch.UsesGenericPath && _options.GenericPatchOnAnyAspect))
        {
            throw new JsonPatchException($"Aspect: {mcp.AspectName} does not currently support patch operations.");
        }

        if (stored is null && _options.TemplatesWithoutDefault.Contains(mcp.AspectName))
        {
            throw new JsonPatchException($"Patch not supported for aspect with name {mcp.AspectName}. Default aspect is required because no aspect currently exists for urn {mcp.EntityUrn}.");
        }

        var arrayKeys = patch.UsesGenericPath
            ? patch.ArrayPrimaryKeys
            : _options.TemplateArrayKeys.GetValueOrDefault(mcp.AspectName) ?? new Dictionary<string, IReadOnlyList<string>>();

        // Work on a copy so a failing op leaves the stored value untouched (DataHub rejects the whole MCP).
        var document = stored is null ? _options.DefaultOf(mcp.AspectName) : (JsonObject)stored.DeepClone();
        foreach (var (field, keys) in arrayKeys)
        {
            ArrayMerging.ArrayFieldToMap(document, field, keys);
        }

        foreach (var operation in patch.Patch)
        {
            ArrayMerging.PopulateTopLevelKeys(document, operation);
        }

        JsonNode patched = document;
        foreach (var operation in patch.Patch)
        {
            patched = RfcJsonPatch.Apply(patched, operation);
        }

        var result = patched as JsonObject ?? throw new JsonPatchException($"Patch turned {mcp.AspectName} into a non-object.");
        foreach (var (field, keys) in arrayKeys)
        {
            ArrayMerging.TransformedMapToArray(result, field, keys);
        }

        return result;
    }

    private static JsonObject ThrowIfRequiredFieldsMissing(MetadataChangeProposal mcp, JsonObject aspect)
    {
        var missing = RequiredFields.Missing(mcp.AspectName, aspect);
        if (missing.Count > 0)
        {
            throw new JsonPatchException(
                $"Failed to validate {mcp.AspectName} of {mcp.EntityUrn}: " +
                string.Join("; ", missing.Select(path => $"ERROR :: {path} :: field is required but not found and has no default value")),
                RefusalKind.RequiredFieldsMissing);
        }

        return aspect;
    }

    private static JsonObject ParseObject(MetadataChangeProposal mcp)
    {
        if (mcp.ContentType != ContentTypes.Json)
        {
            throw new JsonPatchException($"UPSERT of {mcp.AspectName} with content type {mcp.ContentType}.", RefusalKind.UnreadablePayload);
        }

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(mcp.AspectValue.Span);
        }
        catch (JsonException e)
        {
            throw new JsonPatchException($"Aspect {mcp.AspectName} is not valid JSON: {e.Message}", RefusalKind.UnreadablePayload);
        }

        return parsed as JsonObject
            ?? throw new JsonPatchException($"Aspect {mcp.AspectName} is not a JSON object.", RefusalKind.UnreadablePayload);
    }
}
