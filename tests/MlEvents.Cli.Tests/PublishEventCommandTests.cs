using MlEvents.Contracts;
using MlEvents.Embedded;

namespace MlEvents.Cli.Tests;

[Collection(PublishCollection.Name)]
public sealed class PublishEventCommandTests(PublishTestBackend backend)
{
    private static readonly string[] Envelope = ["-p", "mlflow", "--event-id", "e-1", "--event-time", "2026-11-23T10:00:00Z", "--actor", "ci-bot"];
    private const long EventTime = 1795428000000;

    [Fact]
    public async Task Run_started_carries_params_properties_and_input_datasets_in_both_notations()
    {
        var mlEvent = await DryRunAsync("run-started", "--run-id", "run-42", "--run-name", "Run 42", "--experiment-id", "fc",
            "--start-time", "1795427000000", "--param", "learning_rate=0.01", "--param", "formula=a=b", "--property", "team=fc",
            "--external-url", "http://mlflow/runs/42", "--input-dataset", "s3:my-bucket/train.csv",
            "--input-dataset", "urn:li:dataset:(urn:li:dataPlatform:snowflake,db.schema.iris,DEV)");

        Assert.Equal(new MlEvent
        {
            EventId = "e-1",
            EventTime = EventTime,
            Platform = "mlflow",
            Actor = "ci-bot",
            Payload = new RunStarted
            {
                RunId = "run-42",
                RunName = "Run 42",
                ExperimentId = "fc",
                StartTime = 1795427000000,
                HyperParams = new Dictionary<string, string> { ["learning_rate"] = "0.01", ["formula"] = "a=b" },
                CustomProperties = new Dictionary<string, string> { ["team"] = "fc" },
                ExternalUrl = "http://mlflow/runs/42",
                InputDatasets =
                [
                    new DatasetRef { Platform = "s3", Name = "my-bucket/train.csv" },
                    new DatasetRef { Platform = "snowflake", Name = "db.schema.iris", Environment = "DEV" },
                ],
            },
        }, mlEvent);
    }

    [Fact]
    public async Task Run_finished_parses_result_metrics_and_outputs()
    {
        var mlEvent = await DryRunAsync("run-finished", "--run-id", "run-42", "--result", "failure", "--native-result", "FAILED",
            "--end-time", "1795428000000", "--metric", "accuracy=0.9", "--metric", "loss=1e-3", "--param", "lr=0.01",
            "--output-url", "s3://my-bucket/output", "--output-dataset", "snowflake:iris_output");

        var finished = Assert.IsType<RunFinished>(mlEvent.Payload);
        Assert.Equal(RunResult.FAILURE, finished.Result);
        Assert.Equal("FAILED", finished.NativeResultType);
        Assert.Equal(new Dictionary<string, double> { ["accuracy"] = 0.9, ["loss"] = 0.001 }, finished.Metrics);
        Assert.Equal("0.01", finished.HyperParams["lr"]);
        Assert.Equal(["s3://my-bucket/output"], finished.OutputUrls);
        Assert.Equal("iris_output", Assert.Single(finished.OutputDatasets).Name);
    }

    [Fact]
    public async Task Run_updated_parses_every_flag_and_needs_no_result()
    {
        var mlEvent = await DryRunAsync("run-updated", "--run-id", "run-42", "--metric", "loss=0.42", "--metric", "accuracy=0.81",
            "--param", "lr=0.01", "--property", "best_epoch=2", "--output-url", "s3://my-bucket/output");

        Assert.Equal("run:mlflow:run-42", EventKeys.For(mlEvent));
        Assert.Equal(new RunUpdated
        {
            RunId = "run-42",
            Metrics = new Dictionary<string, double> { ["loss"] = 0.42, ["accuracy"] = 0.81 },
            HyperParams = new Dictionary<string, string> { ["lr"] = "0.01" },
            CustomProperties = new Dictionary<string, string> { ["best_epoch"] = "2" },
            OutputUrls = ["s3://my-bucket/output"],
        }, mlEvent.Payload);
    }

    [Fact]
    public async Task Run_finished_takes_the_run_properties_too()
    {
        var finished = Assert.IsType<RunFinished>((await DryRunAsync("run-finished", "--run-id", "run-42", "--result", "SUCCESS",
            "--property", "best_epoch=2")).Payload);

        Assert.Equal(new Dictionary<string, string> { ["best_epoch"] = "2" }, finished.CustomProperties);
    }

    [Fact]
    public async Task Model_version_group_stage_aliases_and_experiment_map_every_flag()
    {
        var version = Assert.IsType<ModelRegistered>((await DryRunAsync("model-version", "--model-name", "arima", "--version", "1.0",
            "--group-name", "fc-models", "--run-id", "run-42", "--metric", "rmse=3.5", "--param", "p=1", "--tag", "framework:statsmodels",
            "--alias", "champion", "--alias", "latest", "--stage", "Staging", "--description", "d", "--property", "k=v")).Payload);
        Assert.Equal(("arima", "1.0", "fc-models", "run-42", "Staging", "d"), (version.ModelName, version.Version, version.GroupName, version.RunId, version.Stage, version.Description));
        Assert.Equal(["champion", "latest"], version.Aliases);
        Assert.Equal(["framework:statsmodels"], version.Tags);
        Assert.Equal(3.5, version.TrainingMetrics["rmse"]);

        var group = Assert.IsType<ModelGroupUpserted>((await DryRunAsync("model-group", "--group-name", "fc-models",
            "--training-run", "run-41", "--training-run", "run-42", "--created-at", "1795427000000", "--latest-version", "3")).Payload);
        Assert.Equal(["run-41", "run-42"], group.TrainingRunIds);
        Assert.Equal("3", group.LatestVersion);
        Assert.Equal(1795427000000, group.CreatedAt);

        var stage = Assert.IsType<ModelStageChanged>((await DryRunAsync("model-stage", "--model-name", "arima", "--version", "1.0", "--stage", "Production")).Payload);
        Assert.Equal("Production", stage.Stage);

        var aliases = Assert.IsType<ModelAliasesChanged>((await DryRunAsync("model-aliases", "--model-name", "arima", "--version", "1.0", "--no-aliases")).Payload);
        Assert.Empty(aliases.Aliases);

        var experiment = Assert.IsType<ExperimentUpserted>((await DryRunAsync("experiment", "--experiment-id", "fc", "--name", "Forecast",
            "--property", "team=fc", "--last-modified-at", "1795427000000")).Payload);
        Assert.Equal(("fc", "Forecast", "fc", 1795427000000L), (experiment.ExperimentId, experiment.Name, experiment.CustomProperties["team"], experiment.LastModifiedAt!.Value));
    }

    [Fact]
    public async Task A_published_event_arrives_keyed_by_its_entity()
    {
        var topic = backend.NewTopic();

        var run = await CliRunner.RunAsync(["publish", "run-started", .. Envelope, "--run-id", "run-42", "--param", "lr=0.01", .. backend.Connection(topic)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("event: published RunStarted e-1 key run:mlflow:run-42", run.Output);
        var (key, mlEvent) = Assert.Single(await backend.ReadAllAsync(topic, 1));
        Assert.Equal("run:mlflow:run-42", key);
        Assert.Equal("0.01", Assert.IsType<RunStarted>(mlEvent.Payload).HyperParams["lr"]);
    }

    [Fact]
    public async Task An_invalid_event_exits_1_with_every_reason_and_sends_nothing()
    {
        var topic = backend.NewTopic();

        var run = await CliRunner.RunAsync(["publish", "run-finished", .. Envelope, "--run-id", "run-42", "--result", "SUCCESS",
            "--metric", "loss=NaN", "--output-url", "not-a-url", .. backend.Connection(topic)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("event: invalid event e-1: payload.metrics.loss: is NaN", run.Error);
        Assert.Contains("payload.outputUrls[0]", run.Error);
        Assert.Empty(await backend.ReadAllAsync(topic, 1, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("unknown flag or argument '--bogus'", "model-stage", "--model-name", "m", "--version", "1", "--stage", "None", "--bogus")]
    [InlineData("--stage is required", "model-stage", "--model-name", "m", "--version", "1")]
    [InlineData("--metric 'rmse=high': 'high' is not a number", "run-finished", "--run-id", "r", "--result", "SUCCESS", "--metric", "rmse=high")]
    [InlineData("--result 'CRASHED': expected one of SUCCESS, FAILURE, SKIPPED, UP_FOR_RETRY", "run-finished", "--run-id", "r", "--result", "CRASHED")]
    [InlineData("--input-dataset 'iris': expected platform:name", "run-started", "--run-id", "r", "--input-dataset", "iris")]
    [InlineData("--alias (repeatable), or --no-aliases", "model-aliases", "--model-name", "m", "--version", "1")]
    [InlineData("--param 'lr' is given twice", "run-started", "--run-id", "r", "--param", "lr=1", "--param", "lr=2")]
    public async Task Command_line_mistakes_exit_2_with_the_reason_and_a_pointer_to_help(string reason, params string[] args)
    {
        var run = await CliRunner.RunAsync(["publish", .. args, "-p", "mlflow", "--dry-run"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(reason, run.Error);
        Assert.Contains($"Run 'mlevents publish {args[0]} --help'", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Every_missing_required_option_is_reported_at_once()
    {
        var run = await CliRunner.RunAsync("publish", "run-started");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            [
                "error: --run-id is required",
                "error: --platform is required (or set MLEVENTS_PLATFORM)",
                "error: --bootstrap-servers is required (or set MLEVENTS_BOOTSTRAP_SERVERS)",
                "error: --schema-registry-url is required (or set MLEVENTS_SCHEMA_REGISTRY_URL)",
                "Run 'mlevents publish run-started --help' for usage and examples.",
            ],
            run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Connection_and_platform_come_from_environment_variables_when_flags_are_absent()
    {
        var topic = backend.NewTopic();
        var variables = new Dictionary<string, string>
        {
            ["MLEVENTS_BOOTSTRAP_SERVERS"] = backend.Cluster.BootstrapServers,
            ["MLEVENTS_SCHEMA_REGISTRY_URL"] = backend.Registry.Url,
            ["MLEVENTS_TOPIC"] = topic,
            ["MLEVENTS_PLATFORM"] = "sagemaker",
            ["MLEVENTS_ENVIRONMENT"] = "DEV",
        };
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
        try
        {
            var run = await CliRunner.RunAsync("publish", "model-stage", "--model-name", "churn", "--version", "3", "--stage", "Archived");

            Assert.Equal(0, run.ExitCode);
            var (key, mlEvent) = Assert.Single(await backend.ReadAllAsync(topic, 1));
            Assert.Equal("model:sagemaker:churn", key);
            Assert.Equal("DEV", mlEvent.Environment);
        }
        finally
        {
            foreach (var name in variables.Keys) Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public async Task TRACEPARENT_from_the_environment_is_written_into_the_published_events()
    {
        const string parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var topic = backend.NewTopic();
        Environment.SetEnvironmentVariable("TRACEPARENT", parent);
        try
        {
            var run = await CliRunner.RunAsync(["publish", "model-stage", .. Envelope, "--model-name", "churn", "--version", "3", "--stage", "Production",
                .. backend.Connection(topic)]);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal([parent], backend.TraceParents(topic, 1));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TRACEPARENT", null);
        }
    }

    [Fact]
    public async Task Brokers_down_exit_3_naming_the_event()
    {
        using var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = 1 });
        cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);

        var run = await CliRunner.RunAsync(["publish", "model-stage", .. Envelope, "--model-name", "m", "--version", "1", "--stage", "None",
            "--bootstrap-servers", cluster.BootstrapServers, "--schema-registry-url", backend.Registry.Url, "--timeout", "1s"]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("event: Event e-1 (ModelStageChanged, key model:mlflow:m) was not published: Kafka error Local_MsgTimedOut", run.Error);
        Assert.Contains("could not be reached; retry later", run.Error);
    }

    [Fact]
    public async Task Help_teaches_with_examples_exit_codes_and_environment_variables()
    {
        var publish = await CliRunner.RunAsync("publish", "--help");
        var runFinished = await CliRunner.RunAsync("publish", "run-finished", "--help");

        Assert.Equal((0, 0), (publish.ExitCode, runFinished.ExitCode));
        Assert.Contains("Exit codes: 0 all published; 1 some events invalid", publish.Output);
        Assert.Contains("MLEVENTS_BOOTSTRAP_SERVERS", publish.Output);
        Assert.Contains("mlevents publish --file samples/airline-forecast.events.jsonl", publish.Output);
        Assert.Contains("mlevents publish run-finished -p mlflow --run-id run-42 --result SUCCESS", runFinished.Output);
        Assert.Contains("--metric <name=number>", runFinished.Output);
    }

    private static async Task<MlEvent> DryRunAsync(params string[] args)
    {
        var run = await CliRunner.RunAsync(["publish", .. args, .. Envelope, "--dry-run"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return MlEventJson.Parse(run.Output.Trim());
    }
}
