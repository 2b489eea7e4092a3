using MlEvents.Contracts;

namespace MlEvents.Contracts.Tests;

/// <summary>One fully populated and one minimal event of every payload type.</summary>
internal static class TestEvents
{
    public const long T0 = 1_700_000_000_000;

    public static MlEvent Envelope(MlEventPayload payload, string eventId = "evt-1") => new()
    {
        EventId = eventId,
        EventTime = T0,
        Platform = "mlflow",
        Environment = "DEV",
        Actor = "alice",
        Payload = payload,
    };

    public static IEnumerable<MlEvent> Full()
    {
        yield return Envelope(new ExperimentUpserted
        {
            ExperimentId = "exp,(1)",
            Name = "Airline forecast ✈",
            Description = "multi\nline",
            CustomProperties = new Dictionary<string, string> { ["team"] = "forecasting", ["owner"] = "alice" },
            ExternalUrl = "http://mlflow:5000/#/experiments/1",
            CreatedAt = T0 - 1000,
            LastModifiedAt = T0,
        });
        yield return Envelope(new RunStarted
        {
            RunId = "run-1",
            RunName = "simple_training_run",
            ExperimentId = "exp,(1)",
            StartTime = T0,
            HyperParams = new Dictionary<string, string> { ["learning_rate"] = "0.01", ["batch_size"] = "32" },
            CustomProperties = new Dictionary<string, string> { ["mlflow.user"] = "alice" },
            ExternalUrl = "http://mlflow:5000/#/runs/run-1",
            InputDatasets =
            [
                new DatasetRef { Platform = "s3", Name = "bucket/train.csv" },
                new DatasetRef { Platform = "snowflake", Name = "db.schema.table", Environment = "PROD", PlatformInstance = "eu" },
            ],
        });
        yield return Envelope(new RunFinished
        {
            RunId = "run-1",
            EndTime = T0 + 60_000,
            StartTime = T0,
            Result = RunResult.UP_FOR_RETRY,
            NativeResultType = "KILLED",
            Metrics = new Dictionary<string, double> { ["accuracy"] = 0.9, ["loss"] = 1e-7, ["epochs"] = 3 },
            HyperParams = new Dictionary<string, string> { ["learning_rate"] = "0.01" },
            OutputUrls = ["s3://bucket/output", "s3://bucket/model"],
            OutputDatasets = [new DatasetRef { Platform = "s3", Name = "bucket/predictions" }],
            MetricSteps = new Dictionary<string, long> { ["loss"] = 2999 },
            MetricTimestamps = new Dictionary<string, long> { ["loss"] = T0 + 59_000 },
        });
        yield return Envelope(new ModelGroupUpserted
        {
            GroupName = "airline_models",
            Description = "group",
            CustomProperties = new Dictionary<string, string> { ["k"] = "v" },
            ExternalUrl = "http://mlflow:5000/#/models/airline_models",
            CreatedAt = T0,
            LastModifiedAt = T0 + 1,
            TrainingRunIds = ["run-1", "run-2"],
        });
        yield return Envelope(new ModelRegistered
        {
            ModelName = "arima_model",
            Version = "1.0",
            GroupName = "airline_models",
            RunId = "run-1",
            Description = "ARIMA",
            CustomProperties = new Dictionary<string, string> { ["framework"] = "statsmodels" },
            TrainingMetrics = new Dictionary<string, double> { ["accuracy"] = 0.9 },
            HyperParams = new Dictionary<string, string> { ["p"] = "1" },
            ExternalUrl = "http://mlflow:5000/#/models/arima_model/versions/1",
            CreatedAt = T0,
            LastModifiedAt = T0 + 5,
            Tags = ["env:prod", "team:forecast"],
            Aliases = ["champion", "latest"],
            Stage = "Staging",
        });
        yield return Envelope(new ModelStageChanged { ModelName = "arima_model", Version = "1.0", Stage = "Production" });
        yield return Envelope(new ModelAliasesChanged { ModelName = "arima_model", Version = "1.0", Aliases = ["challenger"] });
    }

    public static IEnumerable<MlEvent> Minimal()
    {
        static MlEvent Bare(MlEventPayload payload) => new()
        {
            EventId = "evt-min",
            EventTime = T0,
            Platform = "sagemaker",
            Payload = payload,
        };
        yield return Bare(new ExperimentUpserted { ExperimentId = "e" });
        yield return Bare(new RunStarted { RunId = "r" });
        yield return Bare(new RunFinished { RunId = "r", Result = RunResult.SUCCESS });
        yield return Bare(new ModelGroupUpserted { GroupName = "g" });
        yield return Bare(new ModelRegistered { ModelName = "m", Version = "1" });
        yield return Bare(new ModelStageChanged { ModelName = "m", Version = "1", Stage = "None" });
        yield return Bare(new ModelAliasesChanged { ModelName = "m", Version = "1" });
    }

    public static TheoryData<MlEvent> FullData() => ToData(Full());
    public static TheoryData<MlEvent> AllData() => ToData(Full().Concat(Minimal()));

    private static TheoryData<MlEvent> ToData(IEnumerable<MlEvent> events)
    {
        var data = new TheoryData<MlEvent>();
        foreach (var e in events) data.Add(e);
        return data;
    }
}
