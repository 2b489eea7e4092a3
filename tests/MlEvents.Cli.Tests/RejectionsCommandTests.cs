using Confluent.Kafka;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Cli.Tests;

/// <summary><c>mlevents rejections</c> on the embedded cluster and registry, with records written as GMS writes them.</summary>
public sealed class RejectionsCommandTests : IAsyncLifetime
{
    private readonly EmbeddedKafkaCluster _cluster = new();
    private EmbeddedSchemaRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await EmbeddedSchemaRegistry.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        _cluster.Dispose();
    }

    [Fact]
    public async Task Lists_the_newest_rejections_of_MlEvents_with_event_id_entity_aspect_and_the_first_error_line()
    {
        var topic = Unique("fmcp");
        _cluster.CreateTopic(topic, 2);
        var ours = new EventConverter(new ConversionOptions { WriteMode = WriteMode.GenericPatch }).Convert(new Contracts.MlEvent
        {
            EventId = "evt-42",
            EventTime = 1_700_000_000_000,
            Platform = "mlflow",
            Payload = new Contracts.RunStarted { RunId = "run-7", HyperParams = new Dictionary<string, string> { ["lr"] = "0.1" } },
        }).Single(m => m.AspectName == "mlTrainingRunProperties");
        var other = ours with { SystemMetadata = new SystemMetadata { RunId = "recipe-1" }, EntityUrn = "urn:li:dataProcessInstance:someone-else" };
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.Url });
        await GmsSimulator.WriteFailedMcpsAsync(
        [
            (other, "java.lang.RuntimeException: not ours"),
            (ours, "java.lang.UnsupportedOperationException: Aspect: mlTrainingRunProperties does not currently support patch operations.\n\tat com.linkedin.metadata.aspect.batch.MCPItem.supportsPatch(MCPItem.java:89)"),
        ], _cluster.BootstrapServers, registry, topic);

        var run = await CliRunner.RunAsync("rejections", "-b", _cluster.BootstrapServers, "--schema-registry-url", _registry.Url, "--topic", topic);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"1 rejected MCPs of MlEvents on {topic}", lines[0], StringComparison.Ordinal);
        Assert.Contains("event evt-42 (RunStarted)", lines[1], StringComparison.Ordinal);
        Assert.Contains($"dataProcessInstance {ours.EntityUrn}  mlTrainingRunProperties PATCH", lines[1], StringComparison.Ordinal);
        Assert.Equal("    java.lang.UnsupportedOperationException: Aspect: mlTrainingRunProperties does not currently support patch operations.", lines[2]);
        Assert.Equal(3, lines.Length);

        var all = await CliRunner.RunAsync("rejections", "-b", _cluster.BootstrapServers, "--schema-registry-url", _registry.Url, "--topic", topic, "--all");
        Assert.True(all.ExitCode == 0, all.Error);
        Assert.Contains("2 rejected MCPs on", all.Output, StringComparison.Ordinal);
        Assert.Contains("other producer  dataProcessInstance urn:li:dataProcessInstance:someone-else", all.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_topic_is_a_warning_not_an_error()
    {
        var missing = Unique("missing");
        var run = await CliRunner.RunAsync("rejections", "-b", _cluster.BootstrapServers, "--schema-registry-url", _registry.Url, "--topic", missing, "--timeout", "5s");
        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Error.Contains($"warning: topic {missing} does not exist", StringComparison.Ordinal), run.Error + run.Output);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--limit", "0")]
    [InlineData("-X", "security.protocol", "--kafka-setting number 1: expected name=value")]
    [InlineData("--timeout", "00:00:05", "--timeout '00:00:05': expected a duration")]
    public async Task Bad_options_exit_with_2(string option, string value, string? expected = null)
    {
        var run = await CliRunner.RunAsync("rejections", "-b", _cluster.BootstrapServers, "-s", _registry.Url, option, value);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected ?? option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_connection_values_are_reported_together()
    {
        var run = await CliRunner.RunAsync("rejections", "--limit", "0");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --bootstrap-servers is required (or set MLEVENTS_BOOTSTRAP_SERVERS)", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --schema-registry-url is required (or set MLEVENTS_SCHEMA_REGISTRY_URL)", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --limit must be at least 1, got 0", run.Error, StringComparison.Ordinal);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
