using System.Globalization;
using BenchmarkDotNet.Attributes;
using MlEvents.DataHub.Aspects;

namespace MlEvents.Bench.Micro;

/// <summary>Source-generated aspect JSON (<see cref="AspectJson.Serialize{T}"/>) of the two largest aspects of the workload.</summary>
[MemoryDiagnoser]
public class AspectJsonBenchmarks
{
    private static readonly MlHyperParam[] HyperParams =
        [.. Enumerable.Range(0, 10).Select(i => new MlHyperParam { Name = $"param_{i}", Value = (0.001 * i).ToString(CultureInfo.InvariantCulture) })];

    private static readonly MlMetric[] Metrics =
        [.. Enumerable.Range(0, 8).Select(i => new MlMetric { Name = $"metric_{i}", Value = (0.5 + i / 100.0).ToString(CultureInfo.InvariantCulture) })];

    private readonly MlTrainingRunProperties _run = new()
    {
        CustomProperties = new Dictionary<string, string> { ["team"] = "forecasting", ["git_sha"] = "0123456789ab" },
        ExternalUrl = "https://mlflow.example.com/#/experiments/7/runs/run-000000042",
        Id = "run-000000042",
        OutputUrls = ["s3://ml-artifacts/churn/run-000000042/model"],
        HyperParams = HyperParams,
        TrainingMetrics = Metrics,
    };

    private readonly MlModelProperties _model = new()
    {
        CustomProperties = new Dictionary<string, string> { ["team"] = "forecasting", ["framework"] = "xgboost" },
        ExternalUrl = "https://mlflow.example.com/#/models/churn-classifier-042/versions/1",
        Name = "churn-classifier-042",
        Description = "Gradient-boosted churn classifier trained on the nightly customer feature snapshot.",
        Created = new TimeStamp { Time = 1_763_900_000_000, Actor = "urn:li:corpuser:bench" },
        LastModified = new TimeStamp { Time = 1_763_900_000_000, Actor = "urn:li:corpuser:bench" },
        Version = new VersionTag { Tag = "1" },
        HyperParams = HyperParams,
        TrainingMetrics = Metrics[..5],
        Tags = ["bench", "churn"],
        Groups = ["urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,churn-models-02,PROD)"],
    };

    [Benchmark]
    public byte[] TrainingRunProperties() => AspectJson.Serialize(_run);

    [Benchmark]
    public byte[] ModelProperties() => AspectJson.Serialize(_model);
}
