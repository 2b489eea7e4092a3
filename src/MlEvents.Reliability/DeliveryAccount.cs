using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Reliability;

/// <summary>
/// Expected MCPs (what the converter makes of the published events) against the MCPs read from the topic, identified by
/// (eventId from systemMetadata.properties, entity URN, aspect, change type).
/// </summary>
public sealed record DeliveryAccount(int ExpectedMcps, int ReceivedMcps, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, int> Duplicated, int Unexpected)
{
    /// <summary>Extra copies beyond the expected one.</summary>
    public int DuplicateCount => Duplicated.Values.Sum();

    /// <summary>Events with at least one duplicated MCP.</summary>
    public int DuplicatedEvents => Duplicated.Keys.Select(k => k.Split(' ')[0]).Distinct().Count();

    public static DeliveryAccount Of(EventConverter converter, IEnumerable<MlEvent> events, IEnumerable<MetadataChangeProposal> received)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var mcp in events.SelectMany(converter.Convert))
        {
            expected[Id(mcp)] = expected.GetValueOrDefault(Id(mcp)) + 1;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var mcp in received)
        {
            seen[Id(mcp)] = seen.GetValueOrDefault(Id(mcp)) + 1;
            total++;
        }

        var missing = expected.Where(e => seen.GetValueOrDefault(e.Key) < e.Value).Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
        var duplicated = seen.Where(s => expected.TryGetValue(s.Key, out var n) && s.Value > n).ToDictionary(s => s.Key, s => s.Value - expected[s.Key]);
        var unexpected = seen.Where(s => !expected.ContainsKey(s.Key)).Sum(s => s.Value);
        return new DeliveryAccount(expected.Values.Sum(), total, missing, duplicated, unexpected);
    }

    public override string ToString() =>
        $"expected {ExpectedMcps} MCPs, received {ReceivedMcps}: missing {Missing.Count}, duplicate copies {DuplicateCount} " +
        $"(of {Duplicated.Count} MCPs, {DuplicatedEvents} events), unexpected {Unexpected}";

    private static string Id(MetadataChangeProposal mcp) =>
        $"{mcp.SystemMetadata?.Properties?.GetValueOrDefault("eventId") ?? "?"} {mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType}";
}
