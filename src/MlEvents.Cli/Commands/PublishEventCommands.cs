using System.CommandLine;
using MlEvents.Cli.Conventions;
using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>The <c>mlevents publish &lt;event&gt;</c> sub-commands: one per event type, a flag per field.</summary>
internal static class PublishEventCommands
{
    public static IEnumerable<Command> All(PublishConnectionOptions connection) =>
    [
        Experiment(connection), RunStarted(connection), RunFinished(connection), ModelGroup(connection),
        ModelVersion(connection), ModelStage(connection), ModelAliases(connection),
    ];

    private static Command Experiment(PublishConnectionOptions connection)
    {
        var id = Required("--experiment-id", "Stable key of the experiment (the MLflow experiment name keeps URNs equal to DataHub's MLflow source)", "id");
        var name = Text("--name", "Display name [default: the id]");
        var description = Text("--description", "Free text description");
        var properties = Many("--property", "Custom property, e.g. team=forecasting (repeatable)", "name=value");
        var url = Text("--external-url", "Link to the experiment in its tool", "url");
        var createdAt = Text("--created-at", "Creation time: epoch ms or ISO 8601 [default: event time]", "time");
        var modifiedAt = Text("--last-modified-at", "Last modification time [default: event time]", "time");
        return Build("experiment", "An experiment exists or changed (ExperimentUpserted).",
            """
            mlevents publish experiment -p mlflow --experiment-id airline_forecast_experiment \
              --name "Airline Forecast Experiment" --property team=forecasting
            """,
            [id, name, description, properties, url, createdAt, modifiedAt], connection,
            r => new ExperimentUpserted
            {
                ExperimentId = r.GetRequiredValue(id),
                Name = r.GetValue(name),
                Description = r.GetValue(description),
                CustomProperties = KeyValueText.Pairs(r.GetValue(properties), "--property"),
                ExternalUrl = r.GetValue(url),
                CreatedAt = PublishArguments.Time(r.GetValue(createdAt), "--created-at"),
                LastModifiedAt = PublishArguments.Time(r.GetValue(modifiedAt), "--last-modified-at"),
            });
    }

    private static Command RunStarted(PublishConnectionOptions connection)
    {
        var runId = Required("--run-id", "The platform's id of the run (MLflow run_id, SageMaker training job name)", "id");
        var runName = Text("--run-name", "Display name [default: the id]");
        var experimentId = Text("--experiment-id", "Experiment the run belongs to", "id");
        var startTime = Text("--start-time", "Start time: epoch ms or ISO 8601 [default: event time]", "time");
        var parameters = Many("--param", "Hyper-parameter, e.g. learning_rate=0.01 (repeatable)", "name=value");
        var properties = Many("--property", "Custom property / run tag (repeatable)", "name=value");
        var url = Text("--external-url", "Link to the run in its tool", "url");
        var inputs = Many("--input-dataset", "Dataset the run reads: platform:name or a DataHub dataset URN (repeatable)", "dataset");
        return Build("run-started", "A training run started (RunStarted).",
            """
            mlevents publish run-started -p mlflow --run-id run-42 --experiment-id airline_forecast_experiment \
              --param learning_rate=0.01 --param batch_size=32 --input-dataset snowflake:db.schema.iris_input
            """,
            [runId, runName, experimentId, startTime, parameters, properties, url, inputs], connection,
            r => new RunStarted
            {
                RunId = r.GetRequiredValue(runId),
                RunName = r.GetValue(runName),
                ExperimentId = r.GetValue(experimentId),
                StartTime = PublishArguments.Time(r.GetValue(startTime), "--start-time"),
                HyperParams = KeyValueText.Pairs(r.GetValue(parameters), "--param"),
                CustomProperties = KeyValueText.Pairs(r.GetValue(properties), "--property"),
                ExternalUrl = r.GetValue(url),
                InputDatasets = [.. (r.GetValue(inputs) ?? []).Select(d => PublishArguments.Dataset(d, "--input-dataset"))],
            });
    }

    private static Command RunFinished(PublishConnectionOptions connection)
    {
        var runId = Required("--run-id", "The run's id, as in run-started", "id");
        var result = Required("--result", "Outcome: SUCCESS, FAILURE, SKIPPED or UP_FOR_RETRY", "result");
        var native = Text("--native-result", "The platform's own status, e.g. MLflow FINISHED/FAILED/KILLED", "status");
        var startTime = Text("--start-time", "Start time (gives the run's duration)", "time");
        var endTime = Text("--end-time", "End time [default: event time]", "time");
        var metrics = Many("--metric", "Metric, latest value, e.g. accuracy=0.9 (repeatable)", "name=number");
        var parameters = Many("--param", "Hyper-parameter (repeatable); repeat ALL params of the run, also those sent at start", "name=value");
        var urls = Many("--output-url", "Where the run wrote artifacts, e.g. s3://bucket/output (repeatable)", "url");
        var outputs = Many("--output-dataset", "Dataset the run writes: platform:name or a DataHub dataset URN (repeatable)", "dataset");
        return Build("run-finished",
            "A training run ended (RunFinished). Metrics and params are cumulative: pass every value known for the run, not only the new ones.",
            """
            mlevents publish run-finished -p mlflow --run-id run-42 --result SUCCESS --native-result FINISHED \
              --metric accuracy=0.9 --param learning_rate=0.01 --param batch_size=32 --output-url s3://my-bucket/output
            """,
            [runId, result, native, startTime, endTime, metrics, parameters, urls, outputs], connection,
            r => new RunFinished
            {
                RunId = r.GetRequiredValue(runId),
                Result = PublishArguments.Result(r.GetRequiredValue(result), "--result"),
                NativeResultType = r.GetValue(native),
                StartTime = PublishArguments.Time(r.GetValue(startTime), "--start-time"),
                EndTime = PublishArguments.Time(r.GetValue(endTime), "--end-time"),
                Metrics = PublishArguments.Numbers(r.GetValue(metrics), "--metric"),
                HyperParams = KeyValueText.Pairs(r.GetValue(parameters), "--param"),
                OutputUrls = [.. r.GetValue(urls) ?? []],
                OutputDatasets = [.. (r.GetValue(outputs) ?? []).Select(d => PublishArguments.Dataset(d, "--output-dataset"))],
            });
    }

    private static Command ModelGroup(PublishConnectionOptions connection)
    {
        var group = Required("--group-name", "Name of the model group (MLflow registered model)", "name");
        var description = Text("--description", "Free text description");
        var properties = Many("--property", "Custom property (repeatable)", "name=value");
        var url = Text("--external-url", "Link to the group in its tool", "url");
        var createdAt = Text("--created-at", "Creation time [default: event time]", "time");
        var modifiedAt = Text("--last-modified-at", "Last modification time [default: event time]", "time");
        var runs = Many("--training-run", "Run that trained a version of the group (repeatable); list ALL of them, the list replaces the previous one", "run-id");
        return Build("model-group", "A model group exists or changed (ModelGroupUpserted).",
            """
            mlevents publish model-group -p mlflow --group-name airline_forecast_models_group \
              --description "Airline passenger forecasting" --training-run run-41 --training-run run-42
            """,
            [group, description, properties, url, createdAt, modifiedAt, runs], connection,
            r => new ModelGroupUpserted
            {
                GroupName = r.GetRequiredValue(group),
                Description = r.GetValue(description),
                CustomProperties = KeyValueText.Pairs(r.GetValue(properties), "--property"),
                ExternalUrl = r.GetValue(url),
                CreatedAt = PublishArguments.Time(r.GetValue(createdAt), "--created-at"),
                LastModifiedAt = PublishArguments.Time(r.GetValue(modifiedAt), "--last-modified-at"),
                TrainingRunIds = [.. r.GetValue(runs) ?? []],
            });
    }

    private static Command ModelVersion(PublishConnectionOptions connection)
    {
        var model = Required("--model-name", "Name of the model", "name");
        var version = Required("--version", "Version label, e.g. 1 or 1.0", "version");
        var group = Text("--group-name", "Model group of the version (MLflow: the registered model name)", "name");
        var runId = Text("--run-id", "Run that produced the version", "id");
        var description = Text("--description", "Free text description");
        var properties = Many("--property", "Custom property / version tag (repeatable)", "name=value");
        var metrics = Many("--metric", "Training metric, e.g. accuracy=0.9 (repeatable)", "name=number");
        var parameters = Many("--param", "Hyper-parameter (repeatable)", "name=value");
        var url = Text("--external-url", "Link to the version in its tool", "url");
        var createdAt = Text("--created-at", "Creation time [default: event time]", "time");
        var modifiedAt = Text("--last-modified-at", "Last modification time [default: event time]", "time");
        var tags = Many("--tag", "Free-form model tag (repeatable)", "tag");
        var aliases = Many("--alias", "Alias at registration, e.g. champion (repeatable)", "alias");
        var stage = Text("--stage", "Initial MLflow stage: Production, Staging, Archived or None", "stage");
        return Build("model-version", "A model version was registered (ModelRegistered).",
            """
            mlevents publish model-version -p mlflow --model-name arima_model --version 1.0 \
              --group-name airline_forecast_models_group --run-id run-42 --metric accuracy=0.9 --alias champion
            """,
            [model, version, group, runId, description, properties, metrics, parameters, url, createdAt, modifiedAt, tags, aliases, stage], connection,
            r => new ModelRegistered
            {
                ModelName = r.GetRequiredValue(model),
                Version = r.GetRequiredValue(version),
                GroupName = r.GetValue(group),
                RunId = r.GetValue(runId),
                Description = r.GetValue(description),
                CustomProperties = KeyValueText.Pairs(r.GetValue(properties), "--property"),
                TrainingMetrics = PublishArguments.Numbers(r.GetValue(metrics), "--metric"),
                HyperParams = KeyValueText.Pairs(r.GetValue(parameters), "--param"),
                ExternalUrl = r.GetValue(url),
                CreatedAt = PublishArguments.Time(r.GetValue(createdAt), "--created-at"),
                LastModifiedAt = PublishArguments.Time(r.GetValue(modifiedAt), "--last-modified-at"),
                Tags = [.. r.GetValue(tags) ?? []],
                Aliases = [.. r.GetValue(aliases) ?? []],
                Stage = r.GetValue(stage),
            });
    }

    private static Command ModelStage(PublishConnectionOptions connection)
    {
        var model = Required("--model-name", "Model name, as registered", "name");
        var version = Required("--version", "Version label, as registered", "version");
        var stage = Required("--stage", "New stage: Production, Staging, Archived or None (becomes tag mlflow_<stage>)", "stage");
        return Build("model-stage", "A model version moved to another MLflow stage (ModelStageChanged).",
            "mlevents publish model-stage -p mlflow --model-name arima_model --version 1.0 --stage Production",
            [model, version, stage], connection,
            r => new ModelStageChanged { ModelName = r.GetRequiredValue(model), Version = r.GetRequiredValue(version), Stage = r.GetRequiredValue(stage) });
    }

    private static Command ModelAliases(PublishConnectionOptions connection)
    {
        var model = Required("--model-name", "Model name, as registered", "name");
        var version = Required("--version", "Version label, as registered", "version");
        var aliases = Many("--alias", "An alias of the version (repeatable): the COMPLETE new set", "alias");
        var none = new Option<bool>("--no-aliases") { Description = "Remove every alias of the version (instead of --alias)" };
        return Build("model-aliases",
            "The aliases of a model version changed (ModelAliasesChanged). Give the complete new set; --no-aliases removes all.",
            """
            mlevents publish model-aliases -p mlflow --model-name arima_model --version 2 --alias champion --alias latest
            mlevents publish model-aliases -p mlflow --model-name arima_model --version 1 --no-aliases
            """,
            [model, version, aliases, none], connection,
            r =>
            {
                var given = r.GetValue(aliases) ?? [];
                var removeAll = r.GetValue(none);
                if (given.Length == 0 && !removeAll)
                    throw new UsageException("give the complete new set of aliases with --alias (repeatable), or --no-aliases to remove them all");
                if (given.Length > 0 && removeAll)
                    throw new UsageException("--alias and --no-aliases exclude each other");
                return new ModelAliasesChanged { ModelName = r.GetRequiredValue(model), Version = r.GetRequiredValue(version), Aliases = given };
            });
    }

    private static Command Build(
        string name, string description, string examples, IEnumerable<Option> options, PublishConnectionOptions connection, Func<ParseResult, MlEventPayload> payload)
    {
        var envelope = new PublishEnvelopeOptions();
        var command = new Command(name, $"{description}\n\nExample:\n{Indent(examples)}");
        foreach (var option in options.Concat(envelope.All))
        {
            command.Options.Add(option);
        }
        command.Action = new CliAction((parseResult, cancellationToken) =>
        {
            var mlEvent = envelope.Envelope(parseResult, payload(parseResult));
            var errors = MlEventValidator.Validate(mlEvent);
            var item = errors.Count == 0
                ? new PublishItem(null, mlEvent, null)
                : new PublishItem(null, null, $"invalid event {mlEvent.EventId}: {string.Join("; ", errors)}");
            return PublishRunner.RunAsync(parseResult, connection, mlEvent.Platform, [item], cancellationToken);
        }, parseResult => envelope.Missing(parseResult).Concat(connection.Missing(parseResult)));
        return command;
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(line => "  " + line));

    private static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };

    private static Option<string> Text(string name, string description, string helpName = "text") =>
        new(name) { Description = description, HelpName = helpName };

    private static Option<string[]> Many(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
}
