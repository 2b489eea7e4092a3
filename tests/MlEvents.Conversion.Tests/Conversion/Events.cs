using MlEvents.Contracts;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>Small valid events for the conversion tests.</summary>
internal static class Events
{
    public const long T0 = 1_700_000_000_000;

    public static MlEvent Of(MlEventPayload payload, long time = T0, string id = "e-1", string? actor = null, string platform = "mlflow") => new()
    {
        EventId = id,
        EventTime = time,
        Platform = platform,
        Actor = actor,
        Payload = payload,
    };

    public static MlEvent Experiment(string id = "exp-1") => Of(new ExperimentUpserted
    {
        ExperimentId = id,
        Name = "Churn experiment",
        CustomProperties = new Dictionary<string, string> { ["team"] = "growth" },
    });

    public static MlEvent Started(string runId, IReadOnlyDictionary<string, string> hyperParams, string? experimentId = "exp-1", string id = "e-start") =>
        Of(new RunStarted
        {
            RunId = runId,
            ExperimentId = experimentId,
            StartTime = T0,
            HyperParams = hyperParams,
            InputDatasets = [new DatasetRef { Platform = "s3", Name = "bucket/train" }],
        }, T0, id);

    public static MlEvent Finished(string runId, IReadOnlyDictionary<string, double> metrics, IReadOnlyDictionary<string, string>? hyperParams = null,
        string id = "e-finish", RunResult result = RunResult.SUCCESS) =>
        Of(new RunFinished
        {
            RunId = runId,
            StartTime = T0,
            EndTime = T0 + 60_000,
            Result = result,
            Metrics = metrics,
            HyperParams = hyperParams ?? new Dictionary<string, string>(),
            OutputUrls = ["s3://bucket/model"],
            OutputDatasets = [new DatasetRef { Platform = "s3", Name = "bucket/predictions" }],
        }, T0 + 60_000, id);

    public static MlEvent Group(string name = "churn", IReadOnlyList<string>? runIds = null, string id = "e-group") =>
        Of(new ModelGroupUpserted
        {
            GroupName = name,
            Description = "Churn models",
            TrainingRunIds = runIds ?? [],
        }, T0 + 1_000, id);

    public static MlEvent Registered(string model, string version, string? runId, string? group = "churn", string id = "e-reg",
        IReadOnlyList<string>? aliases = null, string? stage = null) =>
        Of(new ModelRegistered
        {
            ModelName = model,
            Version = version,
            RunId = runId,
            GroupName = group,
            TrainingMetrics = new Dictionary<string, double> { ["auc"] = 0.91 },
            HyperParams = new Dictionary<string, string> { ["lr"] = "0.1" },
            Tags = ["owner:ml"],
            Aliases = aliases ?? [],
            Stage = stage,
        }, T0 + 2_000, id);

    public static MlEvent StageChanged(string model, string version, string stage) =>
        Of(new ModelStageChanged { ModelName = model, Version = version, Stage = stage }, T0 + 3_000, "e-stage");

    public static MlEvent AliasesChanged(string model, string version, IReadOnlyList<string> aliases) =>
        Of(new ModelAliasesChanged { ModelName = model, Version = version, Aliases = aliases }, T0 + 4_000, "e-alias");

    public static ConversionOptions Mode(WriteMode mode, UrnStyle style = UrnStyle.Guid) => new() { WriteMode = mode, UrnStyle = style };
}
