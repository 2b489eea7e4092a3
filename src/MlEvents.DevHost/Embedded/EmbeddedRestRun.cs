using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;
using MlEvents.Embedded;
using MlEvents.Worker.Configuration;

namespace MlEvents.DevHost.Embedded;

/// <summary>
/// The embedded run's REST half (<c>DataHub:Sink=Rest</c>): waits until the GMS stand-in has applied or refused every MCP
/// the converter makes of the events, stops the worker, and checks the stand-in's state against those MCPs applied in
/// order. A refused MCP dead-letters its event, so its event's MCPs are not expected in the state.
/// </summary>
internal static class EmbeddedRestRun
{
    /// <summary>A fresh token per run: the stand-in requires it, so the run shows the token reaches GMS.</summary>
    public static string NewToken() => "embedded-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public static async Task<(IReadOnlyList<MetadataChangeProposal> Mcps, List<string> Problems)> CollectAsync(
        EmbeddedGms gms, IHost host, EmbeddedEnvironment environment, WorkerOptions worker, IReadOnlyList<MetadataChangeProposal> expected,
        TimeSpan timeout, Stopwatch running, TextWriter output, CancellationToken cancellationToken)
    {
        var settled = await WaitUntilSettledAsync(gms, environment, worker, expected, timeout, cancellationToken).ConfigureAwait(false);
        var elapsed = running.Elapsed;
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        var refusedEvents = RefusedEvents(gms);
        var accepted = expected.Where(m => !refusedEvents.ContainsKey(EventIdOf(m))).ToList();
        var deadLettered = McpTopicReader.Count(environment.BootstrapServers, worker.DeadLetterTopic);
        await output.WriteLineAsync(
            $"  Worker: {gms.ProposalsApplied} of {expected.Count} MCPs accepted by GMS over REST in {elapsed.TotalSeconds:0.0} s "
            + $"({gms.RequestCount} requests to /aspects?action=ingestProposalBatch, Bearer token); {deadLettered} events dead-lettered to {worker.DeadLetterTopic}")
            .ConfigureAwait(false);
        await output.WriteLineAsync(
            $"  DataHub (GMS stand-in: the simulated GMS's acceptance rules, GMS's answers): {gms.ProposalsApplied} MCPs applied, "
            + $"{refusedEvents.Count} events refused (dead-lettered with GMS's message)").ConfigureAwait(false);
        foreach (var (eventId, refusal) in refusedEvents)
        {
            await output.WriteLineAsync(
                $"    refused: event {eventId}: {refusal.Proposal.EntityUrn} {refusal.Proposal.AspectName} {refusal.Proposal.ChangeType.ToSymbol()}: "
                + $"HTTP {refusal.Status} {refusal.Message.Split('\n')[0]}").ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (!settled)
        {
            problems.Add($"GMS had applied {gms.ProposalsApplied} of the {accepted.Count} MCPs it accepts, with {deadLettered} of {refusedEvents.Count} refused events dead-lettered, after {timeout}");
        }

        if (refusedEvents.Count > 0)
        {
            problems.Add($"DataHub refused the MCPs of {refusedEvents.Count} events (listed above): use the default write mode {WriteMode.Standard} unless your GMS applies generic PATCHes");
        }

        var model = new AspectStore();
        model.ApplyAll(accepted);
        var differing = Differing(model.Snapshot(), gms.Snapshot());
        if (differing > 0)
        {
            problems.Add($"{differing} aspects in GMS differ from the converter's MCPs applied in order");
        }

        return (accepted, problems);
    }

    private static async Task<bool> WaitUntilSettledAsync(
        EmbeddedGms gms, EmbeddedEnvironment environment, WorkerOptions worker, IReadOnlyList<MetadataChangeProposal> expected, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            var refused = RefusedEvents(gms);
            var refusedMcps = expected.Count(m => refused.ContainsKey(EventIdOf(m)));
            if (gms.ProposalsApplied + refusedMcps >= expected.Count
                && McpTopicReader.Count(environment.BootstrapServers, worker.DeadLetterTopic) >= refused.Count)
            {
                return true;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>The events whose MCPs GMS refused, each with its last refusal (an event alone, after its batch was refused).</summary>
    private static Dictionary<string, GmsRefusal> RefusedEvents(EmbeddedGms gms)
    {
        var refused = new Dictionary<string, GmsRefusal>(StringComparer.Ordinal);
        foreach (var refusal in gms.Refusals)
        {
            refused[EventIdOf(refusal.Proposal)] = refusal;
        }

        return refused;
    }

    private static string EventIdOf(MetadataChangeProposal mcp) =>
        mcp.SystemMetadata?.Properties?.GetValueOrDefault(SystemMetadataProperties.EventId) ?? "?";

    private static int Differing(IReadOnlyDictionary<(string, string), string> expected, IReadOnlyDictionary<(string, string), string> actual) =>
        expected.Keys.Union(actual.Keys).Count(key => expected.GetValueOrDefault(key) != actual.GetValueOrDefault(key));
}
