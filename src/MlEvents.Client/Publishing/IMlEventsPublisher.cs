using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// Publishes the lifecycle facts of training jobs. Every method validates the event first
/// (<see cref="EventValidationException"/>, nothing sent) and completes when Kafka acknowledged it
/// (<see cref="PublishException"/> otherwise). Thread-safe.
/// </summary>
public interface IMlEventsPublisher : IAsyncDisposable
{
    /// <summary>An experiment exists or changed (<c>ExperimentUpserted</c>).</summary>
    Task<PublishedEvent> UpsertExperimentAsync(string experimentId, Action<ExperimentOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes <c>RunStarted</c> and returns the run, on which params, metrics and output datasets are logged until
    /// <see cref="TrainingRun.FinishAsync"/> publishes <c>RunFinished</c> with all of them.
    /// </summary>
    Task<TrainingRun> StartRunAsync(string? experimentId, string runId, Action<RunOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model group exists or changed (<c>ModelGroupUpserted</c>), with every training run known for it.</summary>
    Task<PublishedEvent> UpsertModelGroupAsync(string groupName, Action<ModelGroupOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model version was registered (<c>ModelRegistered</c>).</summary>
    Task<PublishedEvent> RegisterModelVersionAsync(string modelName, string version, Action<ModelVersionOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model version moved to an MLflow stage: Production, Staging, Archived or None (<c>ModelStageChanged</c>).</summary>
    Task<PublishedEvent> SetStageAsync(string modelName, string version, string stage, CancellationToken cancellationToken = default);

    /// <summary>The COMPLETE new set of aliases of a model version; empty removes all (<c>ModelAliasesChanged</c>).</summary>
    Task<PublishedEvent> SetAliasesAsync(string modelName, string version, IEnumerable<string> aliases, CancellationToken cancellationToken = default);

    /// <summary>Fills the envelope (id, time, platform, environment, actor) around <paramref name="payload"/> and publishes it.</summary>
    Task<PublishedEvent> PublishAsync(MlEventPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Publishes a complete event as it is (its id, time and platform are kept), e.g. one read from a .jsonl file.</summary>
    Task<PublishedEvent> PublishAsync(MlEvent mlEvent, CancellationToken cancellationToken = default);

    /// <summary>Waits for events in flight, up to <see cref="MlEventsPublisherOptions.FlushTimeout"/>; <see cref="UndeliveredEventsException"/> names those left.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
