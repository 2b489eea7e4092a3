using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>Events for the end-to-end tests and what the converter makes of them.</summary>
public static class TestEvents
{
    /// <summary>The guide's scenario as shipped (samples/airline-forecast.events.jsonl, copied next to the worker).</summary>
    public static IReadOnlyList<MlEvent> Scenario() => EventsFile.Read(EmbeddedRunOptions.DefaultEventsFile);

    /// <summary><paramref name="count"/> RunStarted events for distinct runs of one experiment.</summary>
    public static IReadOnlyList<MlEvent> ManyRuns(int count, string prefix = "run") =>
        Enumerable.Range(0, count).Select(i => new MlEvent
        {
            EventId = $"{prefix}-event-{i}",
            EventTime = 1_700_000_000_000 + i,
            Platform = "mlflow",
            Payload = new RunStarted
            {
                RunId = $"{prefix}-{i}",
                ExperimentId = "bulk_experiment",
                InputDatasets = [new DatasetRef { Platform = "s3", Name = $"bucket/input-{i % 7}.csv" }],
            },
        }).ToList();

    public static IReadOnlyList<MetadataChangeProposal> Expected(IEnumerable<MlEvent> events) =>
        events.SelectMany(new EventConverter(new ConversionOptions()).Convert).ToList();

    /// <summary>What identifies an MCP's content: entity, aspect, change type and the aspect bytes.</summary>
    public static string Identity(MetadataChangeProposal mcp) =>
        $"{mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()} {mcp.AspectJson}";
}
