using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// Publishes the lifecycle facts of training jobs. Every method validates the event first
/// (<see cref="EventValidationException"/>, nothing sent) and completes when Kafka acknowledged it
/// (<see cref="PublishException"/> otherwise). Thread-safe.
/// </summary>
/// <remarks>
/// Cancelling a call's token stops the wait, not the event: an event handed over is delivered, or it is reported in
/// <see cref="UndeliveredEvents"/>, to <see cref="MlEventsPublisherOptions.OnUndelivered"/> and to the logger. A token
/// already cancelled when the call is made sends nothing. <see cref="IAsyncDisposable.DisposeAsync"/> flushes within
/// <see cref="MlEventsPublisherOptions.FlushTimeout"/> and never throws (call <see cref="FlushAsync"/> to get an exception).
/// </remarks>
public interface IMlEventsPublisher : IAsyncDisposable
{
    /// <summary>An experiment exists or changed (<c>ExperimentUpserted</c>).</summary>
    Task<PublishedEvent> UpsertExperimentAsync(string experimentId, Action<ExperimentOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Publishes <c>RunStarted</c> and returns the run, on which params, metrics, tags and datasets are logged until
    /// <see cref="ITrainingRun.FinishAsync"/> publishes <c>RunFinished</c> with all of them.
    /// </summary>
    /// <param name="experimentId">The experiment of the run (<c>ExperimentUpserted</c>), or null.</param>
    /// <param name="runId">The platform's id of the run.</param>
    /// <param name="configure">Facts known at the start: name, params, tags, input datasets.</param>
    /// <param name="cancellationToken">Stops the wait, not the event.</param>
    Task<ITrainingRun> StartRunAsync(string? experimentId, string runId, Action<RunOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model group exists or changed (<c>ModelGroupUpserted</c>), with every training run known for it.</summary>
    Task<PublishedEvent> UpsertModelGroupAsync(string groupName, Action<ModelGroupOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model version was registered (<c>ModelRegistered</c>). Its aliases become the ones <see cref="AddAliasAsync"/> starts from.</summary>
    Task<PublishedEvent> RegisterModelVersionAsync(string modelName, string version, Action<ModelVersionOptions>? configure = null, CancellationToken cancellationToken = default);

    /// <summary>A model version moved to a stage (<c>ModelStageChanged</c>): <see cref="ModelStage.Production"/>, ... or <see cref="ModelStage.Custom"/>.</summary>
    Task<PublishedEvent> SetStageAsync(string modelName, string version, ModelStage stage, CancellationToken cancellationToken = default);

    /// <summary>The COMPLETE new set of aliases of a model version; empty removes all (<c>ModelAliasesChanged</c>).</summary>
    Task<PublishedEvent> SetAliasesAsync(string modelName, string version, IEnumerable<string> aliases, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one alias to a version (MLflow <c>set_registered_model_alias</c>): publishes the version's aliases known to this
    /// publisher plus <paramref name="alias"/>. As in MLflow an alias names one version of a model: another version of
    /// <paramref name="modelName"/> known to hold it loses it (one more <c>ModelAliasesChanged</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">This publisher never registered the version nor set its aliases, so it does not know them: use <see cref="SetAliasesAsync"/> with the complete set.</exception>
    Task<PublishedEvent> AddAliasAsync(string modelName, string version, string alias, CancellationToken cancellationToken = default);

    /// <summary>Removes one alias from a version (MLflow <c>delete_registered_model_alias</c>); see <see cref="AddAliasAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">This publisher does not know the version's aliases.</exception>
    Task<PublishedEvent> RemoveAliasAsync(string modelName, string version, string alias, CancellationToken cancellationToken = default);

    /// <summary>Fills the envelope (id, time, platform, environment, actor) around <paramref name="payload"/> and publishes it.</summary>
    Task<PublishedEvent> PublishAsync(MlEventPayload payload, CancellationToken cancellationToken = default);

    /// <summary>Publishes a complete event as it is (its id, time and platform are kept), e.g. one read from a .jsonl file.</summary>
    Task<PublishedEvent> PublishAsync(MlEvent mlEvent, CancellationToken cancellationToken = default);

    /// <summary>Waits for events in flight, up to <see cref="MlEventsPublisherOptions.FlushTimeout"/>; <see cref="UndeliveredEventsException"/> names those left.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks that Kafka and the Schema Registry answer, within <see cref="MlEventsPublisherOptions.ConnectivityTimeout"/>.
    /// Fails fast with librdkafka's own error (refused, unresolvable host, authentication) naming the address.
    /// With dependency injection, <see cref="MlEventsPublisherOptions.CheckConnectivityOnStart"/> runs it when the host starts.
    /// </summary>
    /// <exception cref="ConnectivityException">Kafka or the registry could not be reached.</exception>
    Task CheckConnectivityAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Every event this publisher accepted and could not deliver (the first 1,000): failed calls, calls whose wait was
    /// cancelled, events left when disposal's flush bound ran out, and the failed finish of a run disposed unfinished.
    /// Empty means everything handed to the publisher reached Kafka. Also passed one by one to
    /// <see cref="MlEventsPublisherOptions.OnUndelivered"/> and logged.
    /// </summary>
    IReadOnlyList<UndeliveredEvent> UndeliveredEvents { get; }
}
