using MlEvents.Contracts;

namespace MlEvents.Conversion.Tests.Conversion.Mlflow;

/// <summary>What an MLflow tracking server and model registry hold (the fields DataHub's MLflow source reads).</summary>
internal sealed record MlflowExperiment(string ExperimentId, string Name, string ArtifactLocation, IReadOnlyDictionary<string, string> Tags);

internal sealed record MlflowRun(
    string RunId, string? RunName, string? UserId, long StartTime, long? EndTime, string Status, string ArtifactUri,
    IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, string> Params, IReadOnlyDictionary<string, double> Metrics);

internal sealed record MlflowRegisteredModel(
    string Name, string? Description, long CreationTimestamp, long LastUpdatedTimestamp, IReadOnlyDictionary<string, string> Tags, string? LatestVersion);

internal sealed record MlflowModelVersion(
    string Name, string Version, string? RunId, string? UserId, string? Description, long CreationTimestamp, long LastUpdatedTimestamp,
    IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Aliases, string CurrentStage);

/// <summary>
/// The MLflow story: an experiment; a run that logs a param and a metric and never finishes; a registered model
/// with tags and a description; a version with tags, registered from the run and moved to stage Archived. Both what
/// MLflow holds at the end (read by DataHub's MLflow source) and the events a producer sends while it happens.
/// </summary>
internal static class MlflowStory
{
    public const string TrackingUri = "http://mlflow.example.com:5000";
    public const long T0 = 1_764_000_000_000;

    public static readonly MlflowExperiment Experiment = new(
        "7", "churn-experiment", "s3://mlflow-artifacts/7",
        new Dictionary<string, string> { ["mlflow.note.content"] = "Predict which customers leave", ["team"] = "growth" });

    public static readonly MlflowRun Run = new(
        "4c1f0a9e2b7d4e0c9a1b2c3d4e5f6a7b", "sunny-fox-42", "alice", T0, EndTime: null, "RUNNING",
        "s3://mlflow-artifacts/7/4c1f0a9e2b7d4e0c9a1b2c3d4e5f6a7b/artifacts",
        new Dictionary<string, string> { ["mlflow.user"] = "alice", ["mlflow.runName"] = "sunny-fox-42", ["team"] = "growth" },
        new Dictionary<string, string> { ["learning_rate"] = "0.01" },
        new Dictionary<string, double> { ["auc"] = 0.91 });

    public static readonly MlflowRegisteredModel RegisteredModel = new(
        "churn-classifier", "Gradient boosted churn classifier", T0 + 60_000, T0 + 180_000,
        new Dictionary<string, string> { ["owner"] = "growth", ["domain"] = "customers" }, LatestVersion: "1");

    public static readonly MlflowModelVersion Version = new(
        "churn-classifier", "1", Run.RunId, UserId: null, "First candidate", T0 + 120_000, T0 + 180_000,
        new Dictionary<string, string> { ["framework"] = "sklearn" }, Aliases: [], CurrentStage: "Archived");

    /// <summary>The events a producer sends for the story, mapped field by field as docs/MAPPING.md tells MLflow users.</summary>
    public static IReadOnlyList<MlEvent> Events()
    {
        var experimentTags = Experiment.Tags.Where(t => t.Key != "mlflow.note.content")
            .Append(new("artifacts_location", Experiment.ArtifactLocation))
            .ToDictionary();
        return
        [
            Event("e-1", T0 - 60_000, null, new ExperimentUpserted
            {
                ExperimentId = Experiment.Name,
                Name = Experiment.Name,
                Description = Experiment.Tags["mlflow.note.content"],
                CustomProperties = experimentTags,
            }),
            Event("e-2", Run.StartTime, Run.UserId, new RunStarted
            {
                RunId = Run.RunId,
                RunName = Run.RunName,
                ExperimentId = Experiment.Name,
                StartTime = Run.StartTime,
                HyperParams = Run.Params,
                CustomProperties = Run.Tags,
                ExternalUrl = $"{TrackingUri}/#/experiments/{Experiment.ExperimentId}/runs/{Run.RunId}",
            }),
            Event("e-3", Run.StartTime + 30_000, Run.UserId, new RunUpdated
            {
                RunId = Run.RunId,
                HyperParams = Run.Params,
                Metrics = Run.Metrics,
                OutputUrls = [Run.ArtifactUri],
            }),
            Event("e-4", Version.CreationTimestamp, Version.UserId, new ModelRegistered
            {
                ModelName = Version.Name,
                Version = Version.Version,
                GroupName = RegisteredModel.Name,
                RunId = Version.RunId,
                Description = Version.Description,
                CustomProperties = Version.Tags,
                Tags = [.. Version.Tags.Select(t => $"{t.Key}:{t.Value}")],
                TrainingMetrics = Run.Metrics,
                HyperParams = Run.Params,
                ExternalUrl = $"{TrackingUri}/#/models/{Version.Name}/versions/{Version.Version}",
                CreatedAt = Version.CreationTimestamp,
                LastModifiedAt = Version.CreationTimestamp,
                Aliases = Version.Aliases,
                Stage = "None",
            }),
            Event("e-5", Version.LastUpdatedTimestamp, null, new ModelStageChanged
            {
                ModelName = Version.Name,
                Version = Version.Version,
                Stage = Version.CurrentStage,
            }),
            Event("e-6", RegisteredModel.LastUpdatedTimestamp, null, new ModelGroupUpserted
            {
                GroupName = RegisteredModel.Name,
                Description = RegisteredModel.Description,
                CustomProperties = RegisteredModel.Tags,
                CreatedAt = RegisteredModel.CreationTimestamp,
                LastModifiedAt = RegisteredModel.LastUpdatedTimestamp,
                LatestVersion = RegisteredModel.LatestVersion,
            }),
        ];
    }

    private static MlEvent Event(string id, long time, string? actor, MlEventPayload payload) => new()
    {
        EventId = id,
        EventTime = time,
        Platform = "mlflow",
        Actor = actor,
        Payload = payload,
    };
}
