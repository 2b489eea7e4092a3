using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Client.Tests.EndToEnd;

/// <summary>
/// The operations a training job expects, published by the client and converted by the running worker: 100 metric steps
/// (the latest value reaches DataHub), a tag after the start, ISO dates, one alias added and one removed, the Production
/// stage, and each of the guide's link operations done afterwards with the documented recipes (docs/PUBLISHING.md).
/// </summary>
public sealed class TrainingJobOperationsThroughTheWorkerTests
{
    [Fact]
    public async Task Steps_tags_aliases_stage_and_late_links_reach_the_MCP_topic()
    {
        await using var environment = await EmbeddedEnvironment.StartAsync(new EmbeddedEnvironmentOptions { BrokerCount = 1, Partitions = 3 });
        using var worker = EmbeddedRun.BuildWorkerHost(new ConfigurationBuilder().Build(), environment, LogLevel.Warning);
        await worker.StartAsync();
        try
        {
            var options = EmbeddedBackend.Options(environment.Cluster, environment.SchemaRegistryUrl, environment.Options.EventsTopic);
            var eventCount = 0;
            options.EventIdFactory = _ => $"e-{Interlocked.Increment(ref eventCount)}";
            await using (var publisher = MlEventsPublisher.Create(options))
            {
                await PublishAsync(publisher);
                Assert.Empty(publisher.UndeliveredEvents);
            }
            var published = (await EmbeddedBackend.ReadAllAsync(environment.BootstrapServers, environment.SchemaRegistryUrl, environment.Options.EventsTopic, eventCount, TimeSpan.FromSeconds(10)))
                .Select(p => p.Event).ToList();
            Assert.Equal(12, eventCount);
            Assert.Equal(eventCount, published.Count);
            // The steps travel in the event (for consumers other than DataHub), through Kafka and the registry.
            Assert.Equal(99, published.Select(e => e.Payload).OfType<RunFinished>().First().MetricSteps["loss"]);

            var expected = published.SelectMany(new EventConverter(new ConversionOptions()).Convert).ToList();
            using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = environment.SchemaRegistryUrl });
            var received = (await McpTopicReader.ReadAsync(environment.BootstrapServers, registry, environment.Options.McpTopic, expected.Count, TimeSpan.FromSeconds(30)))
                .Select(r => r.Mcp).ToList();
            Assert.Equal(expected.Select(Identity).Order(), received.Select(Identity).Order());
            Assert.Equal(0, McpTopicReader.Count(environment.BootstrapServers, environment.Options.DeadLetterTopic));

            var run = Urn(received, "urn:li:dataProcessInstance:");
            var experiment = Urn(received, "urn:li:container:");
            var model = Urn(received, "urn:li:mlModel:");
            var group = Urn(received, "urn:li:mlModelGroup:");

            // What DataHub holds: every MCP applied in arrival order (per entity, the order of its Kafka key) by a GMS model
            // that refuses what every stored DataHub version refuses.
            var datahub = new AspectStore();
            datahub.ApplyAll(received);

            // 100 steps: the latest loss is what the run's properties get.
            var runProperties = datahub.Get<MlTrainingRunProperties>(run)!;
            Assert.Equal("0.01", runProperties.TrainingMetrics!.Single(m => m.Name == "loss").Value);
            Assert.Equal("2026-01-02T03:04:05.0000000Z", runProperties.HyperParams!.Single(p => p.Name == "cutoff").Value);
            // A tag set after the start, and the run linked to its experiment afterwards (add_run_to_experiment).
            Assert.Equal("abc123", Last(received, run, "dataProcessInstanceProperties")["customProperties"]?["git_sha"]?.GetValue<string>());
            Assert.Equal(experiment, Last(received, run, "container")["container"]?.GetValue<string>());
            // Datasets after the finish.
            Assert.Contains("bucket/late-input", Last(received, run, "dataProcessInstanceInput").ToJsonString());
            Assert.Contains(received, m => m.EntityUrn == run && m.AspectName == "dataProcessInstanceOutput" && m.AspectJson.Contains("bucket/late-output", StringComparison.Ordinal));
            // add_run_to_model and add_model_to_model_group afterwards, with the version's other facts kept.
            var modelProperties = Last(received, model, "mlModelProperties");
            Assert.Equal([run], modelProperties["trainingJobs"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal([group], modelProperties["groups"]!.AsArray().Select(n => n!.GetValue<string>()));
            Assert.Equal("churn classifier", modelProperties["description"]?.GetValue<string>());
            // One alias added, one removed; then the Production stage.
            Assert.Equal(["champion"], Last(received, model, "versionProperties")["aliases"]!.AsArray().Select(a => a!["versionTag"]!.GetValue<string>()));
            Assert.Equal(["urn:li:tag:mlflow_production"], datahub.Get<GlobalTags>(model)!.Tags.Select(t => t.Tag));
        }
        finally
        {
            await worker.StopAsync();
        }
    }

    private static async Task PublishAsync(IMlEventsPublisher publisher)
    {
        await publisher.UpsertExperimentAsync("churn_experiment");

        await using var run = await publisher.StartRunAsync(experimentId: null, "run-1", r => r.AddInputDataset("s3", "bucket/train"));
        run.LogParam("cutoff", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)).SetTag("git_sha", "abc123");
        for (var step = 0; step < 100; step++) run.LogMetric("loss", 1.0 / (step + 1), step);
        await run.FinishAsync(RunResult.SUCCESS, "FINISHED");

        // The guide's link operations, afterwards: re-publish the owning event with its cumulative state.
        var linked = run.Started with { ExperimentId = "churn_experiment" };                                    // add_run_to_experiment
        await publisher.PublishAsync(linked with { InputDatasets = [.. linked.InputDatasets, Datasets.Of("s3", "bucket/late-input")] });
        await publisher.PublishAsync(run.Finished! with { OutputDatasets = [.. run.Finished.OutputDatasets, Datasets.Of("s3", "bucket/late-output")] });

        var version = await publisher.RegisterModelVersionAsync("churn", "1", v => { v.Description = "churn classifier"; v.Aliases.Add("latest"); });
        await publisher.UpsertModelGroupAsync("churn_models");
        var registered = (ModelRegistered)version.Event.Payload;
        await publisher.PublishAsync(registered with { RunId = run.RunId, GroupName = "churn_models" });        // add_run_to_model, add_model_to_model_group

        await publisher.AddAliasAsync("churn", "1", "champion");
        await publisher.RemoveAliasAsync("churn", "1", "latest");
        await publisher.SetStageAsync("churn", "1", ModelStage.Production);
    }

    private static string Identity(MetadataChangeProposal mcp) => $"{mcp.EntityUrn} {mcp.AspectName} {mcp.ChangeType.ToSymbol()} {mcp.AspectJson}";

    private static string Urn(IEnumerable<MetadataChangeProposal> mcps, string prefix) =>
        mcps.Select(m => m.EntityUrn).Distinct().Single(u => u.StartsWith(prefix, StringComparison.Ordinal));

    private static JsonNode Last(IEnumerable<MetadataChangeProposal> mcps, string urn, string aspect) =>
        JsonNode.Parse(mcps.Last(m => m.EntityUrn == urn && m.AspectName == aspect).AspectJson)!;

}
