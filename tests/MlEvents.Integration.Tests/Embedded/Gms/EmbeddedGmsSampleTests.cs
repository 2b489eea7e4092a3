using System.Net;
using Confluent.SchemaRegistry;
using MlEvents.DataHub.Serialization;
using MlEvents.DataHub.Store;
using MlEvents.DevHost.Embedded;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Embedded.Gms;

/// <summary>The project's sample MCPs posted over REST end in the same state as the Kafka path's simulated GMS gives.</summary>
public sealed class EmbeddedGmsSampleTests
{
    private static string SampleMcps()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MlEvents.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("MlEvents.sln not found above the test binaries."),
            "samples", "airline-forecast.mcps.json");
    }

    [Fact]
    public async Task Sample_mcps_posted_in_batches_and_singly_give_the_state_gms_simulator_gives()
    {
        var mcps = await McpJsonFile.ReadAsync(SampleMcps());
        await using var gms = await EmbeddedGms.StartNewAsync();
        using var client = new HttpClient { BaseAddress = new Uri(gms.Url) };

        var statuses = new List<HttpStatusCode>();
        using (var single = await client.PostProposalAsync(mcps[0]))
        {
            statuses.Add(single.StatusCode);
        }

        foreach (var chunk in mcps.Skip(1).Chunk(10))
        {
            using var response = await client.PostBatchAsync(chunk);
            statuses.Add(response.StatusCode);
        }

        var simulated = new AspectStore();
        using var unusedRegistry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://127.0.0.1:9" });
        var simulation = await GmsSimulator.ApplyAsync(mcps, simulated, "127.0.0.1:9", unusedRegistry, "unused-failed-mcp-topic");

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Empty(simulation.Refused);
        Assert.Equal(mcps.Count, gms.ProposalsApplied);
        var expected = simulated.Snapshot();
        var actual = gms.Snapshot();
        Assert.True(expected.Count >= 20, $"the sample leaves {expected.Count} aspects");
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, entry => Assert.Equal(entry.Value, actual[entry.Key]));
        Assert.Contains(mcps, mcp => mcp.ChangeType == DataHub.Mcps.ChangeType.Patch);
    }
}
