using System.Text;
using System.Text.Json;
using MlEvents.DataHub.Mcps;

namespace MlEvents.DevHost.Embedded;

/// <summary>A readable summary of MCPs: entities by type, aspects per entity, and the lineage edges they carry.</summary>
public static class McpSummary
{
    // (entity type, aspect, entity type of the URN found in the aspect) → edge kind and whether the edge points at the MCP's entity.
    private static readonly Dictionary<(string Entity, string Aspect, string Target), (string Kind, bool Inbound)> EdgeKinds = new()
    {
        [("dataProcessInstance", "container", "container")] = ("run → experiment", false),
        [("mlModel", "mlModelProperties", "mlModelGroup")] = ("model → model group", false),
        [("mlModel", "mlModelProperties", "dataProcessInstance")] = ("run → model", true),
        [("mlModelGroup", "mlModelGroupProperties", "dataProcessInstance")] = ("run → model group", true),
        [("dataProcessInstance", "dataProcessInstanceInput", "dataset")] = ("dataset → run", true),
        [("dataProcessInstance", "dataProcessInstanceOutput", "dataset")] = ("run → dataset", false),
        [("mlModel", "versionProperties", "versionSet")] = ("model → version set", false),
    };

    /// <summary>Edges found in the aspects (UPSERT values and PATCH bodies alike), without duplicates, in first-seen order.</summary>
    public static IReadOnlyList<LineageEdge> LineageOf(IEnumerable<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        var edges = new List<LineageEdge>();
        var seen = new HashSet<LineageEdge>();
        foreach (var mcp in mcps)
        {
            foreach (var urn in UrnsIn(mcp.AspectValue))
            {
                if (urn == mcp.EntityUrn || !EdgeKinds.TryGetValue((mcp.EntityType, mcp.AspectName, EntityTypeOf(urn)), out var kind))
                {
                    continue;
                }

                var edge = kind.Inbound ? new LineageEdge(kind.Kind, urn, mcp.EntityUrn) : new LineageEdge(kind.Kind, mcp.EntityUrn, urn);
                if (seen.Add(edge))
                {
                    edges.Add(edge);
                }
            }
        }

        return edges;
    }

    public static string Format(IReadOnlyList<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        var text = new StringBuilder();
        var entities = mcps.GroupBy(m => m.EntityUrn).Select(g => (Urn: g.Key, Type: g.First().EntityType, Aspects: g.Select(m => m.AspectName).Distinct().ToList())).ToList();

        text.AppendLine($"Entities ({entities.Count}):");
        foreach (var type in entities.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine($"  {type.Key,-22}{type.Count()}");
        }

        text.AppendLine().AppendLine($"Aspects ({mcps.Count} MCPs):");
        foreach (var entity in entities.OrderBy(e => e.Type, StringComparer.Ordinal).ThenBy(e => e.Urn, StringComparer.Ordinal))
        {
            text.AppendLine($"  {entity.Urn}");
            text.AppendLine($"      {string.Join(", ", entity.Aspects)}");
        }

        var edges = LineageOf(mcps);
        text.AppendLine().AppendLine($"Lineage edges ({edges.Count}):");
        foreach (var edge in edges.OrderBy(e => e.Kind, StringComparer.Ordinal))
        {
            text.AppendLine($"  {edge.Kind,-20}{edge.From}");
            text.AppendLine($"  {"",-20}  → {edge.To}");
        }

        return text.ToString();
    }

    private static string EntityTypeOf(string urn)
    {
        var rest = urn.AsSpan("urn:li:".Length);
        var colon = rest.IndexOf(':');
        return colon < 0 ? "" : rest[..colon].ToString();
    }

    // URNs appear as string values (UPSERT aspects, patch values) and as JSON-pointer segments of patch paths.
    private static IEnumerable<string> UrnsIn(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var found = new List<string>();
        Walk(document.RootElement, found);
        return found;
    }

    private static void Walk(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "path" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.AddRange(property.Value.GetString()!.Split('/')
                            .Select(segment => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
                            .Where(IsUrn));
                    }
                    else
                    {
                        Walk(property.Value, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, found);
                }

                break;
            case JsonValueKind.String when IsUrn(element.GetString()!):
                found.Add(element.GetString()!);
                break;
        }
    }

    private static bool IsUrn(string text) => text.StartsWith("urn:li:", StringComparison.Ordinal);
}
