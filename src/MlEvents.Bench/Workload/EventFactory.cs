using System.Globalization;
using MlEvents.Contracts;

namespace MlEvents.Bench.Workload;

/// <summary>
/// Realistic training-job events, deterministic per index: runs with ten hyper-parameters, eight metrics, input and
/// output datasets; model versions with metrics, parameters, tags and aliases (sizes like an MLflow autolog run).
/// </summary>
public sealed class EventFactory(EventMix mix)
{
    private const long BaseTime = 1_763_900_000_000; // 2025-11-23

    private static readonly string[] Optimizers = ["adam", "adamw", "sgd", "rmsprop"];

    public EventMix Mix { get; } = mix;

    public MlEvent Create(long index) => Create(index, Mix.TypeOf(index));

    public static MlEvent Create(long index, string type)
    {
        MlEventPayload payload = type switch
        {
            nameof(RunStarted) => RunStartedOf(index),
            nameof(RunFinished) => RunFinishedOf(index),
            nameof(ModelRegistered) => ModelRegisteredOf(index),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unsupported event type"),
        };
        return new MlEvent
        {
            EventId = $"bench-{index:D9}-{type}",
            EventTime = BaseTime + index,
            Platform = "mlflow",
            Environment = "PROD",
            Actor = "bench",
            Payload = payload,
        };
    }

    private static string RunId(long index) => $"run-{index / 2:D9}";

    private static string Experiment(long index) => $"churn-model-experiment-{index % 50:D2}";

    private static RunStarted RunStartedOf(long index) => new()
    {
        RunId = RunId(index),
        RunName = $"nightly training {index / 2}",
        ExperimentId = Experiment(index),
        StartTime = BaseTime + index,
        HyperParams = HyperParams(index),
        CustomProperties = new Dictionary<string, string> { ["team"] = "forecasting", ["git_sha"] = $"{index * 2654435761L:x12}" },
        ExternalUrl = $"https://mlflow.example.com/#/experiments/{index % 50}/runs/{RunId(index)}",
        InputDatasets =
        [
            new DatasetRef { Platform = "s3", Name = $"ml-data/churn/train/part-{index % 100:D3}.parquet" },
            new DatasetRef { Platform = "snowflake", Name = "analytics.public.customer_features" },
        ],
    };

    private static RunFinished RunFinishedOf(long index) => new()
    {
        RunId = RunId(index),
        StartTime = BaseTime + index - 3_600_000,
        EndTime = BaseTime + index,
        Result = index % 10 == 0 ? RunResult.FAILURE : RunResult.SUCCESS,
        NativeResultType = index % 10 == 0 ? "FAILED" : "FINISHED",
        Metrics = Metrics(index, ["accuracy", "loss", "f1", "precision", "recall", "auc", "val_loss", "val_accuracy"]),
        HyperParams = HyperParams(index),
        OutputUrls = [$"s3://ml-artifacts/churn/{RunId(index)}/model"],
        OutputDatasets = [new DatasetRef { Platform = "s3", Name = $"ml-data/churn/predictions/{RunId(index)}.parquet" }],
    };

    private static ModelRegistered ModelRegisteredOf(long index) => new()
    {
        ModelName = $"churn-classifier-{index % 200:D3}",
        Version = (index / 200 + 1).ToString(CultureInfo.InvariantCulture),
        GroupName = $"churn-models-{index % 20:D2}",
        RunId = RunId(index),
        Description = "Gradient-boosted churn classifier trained on the nightly customer feature snapshot.",
        CustomProperties = new Dictionary<string, string> { ["team"] = "forecasting", ["framework"] = "xgboost" },
        TrainingMetrics = Metrics(index, ["accuracy", "f1", "auc", "val_loss", "val_accuracy"]),
        HyperParams = HyperParams(index),
        ExternalUrl = $"https://mlflow.example.com/#/models/churn-classifier-{index % 200:D3}/versions/{index / 200 + 1}",
        CreatedAt = BaseTime + index,
        LastModifiedAt = BaseTime + index,
        Tags = ["bench", "churn"],
        Aliases = ["candidate"],
    };

    private static Dictionary<string, string> HyperParams(long index) => new()
    {
        ["learning_rate"] = (0.001 * (1 + index % 10)).ToString("0.###", CultureInfo.InvariantCulture),
        ["batch_size"] = (32 << (int)(index % 4)).ToString(CultureInfo.InvariantCulture),
        ["epochs"] = (10 + index % 40).ToString(CultureInfo.InvariantCulture),
        ["optimizer"] = Optimizers[index % Optimizers.Length],
        ["dropout"] = "0.2",
        ["weight_decay"] = "0.0001",
        ["seed"] = (index % 1000).ToString(CultureInfo.InvariantCulture),
        ["max_depth"] = (4 + index % 8).ToString(CultureInfo.InvariantCulture),
        ["n_estimators"] = (100 + index % 400).ToString(CultureInfo.InvariantCulture),
        ["warmup_steps"] = "500",
    };

    private static Dictionary<string, double> Metrics(long index, string[] names)
    {
        var metrics = new Dictionary<string, double>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            metrics[names[i]] = 0.5 + ((index * 31 + i * 17) % 500) / 1000.0;
        }

        return metrics;
    }
}
