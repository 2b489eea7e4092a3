using Microsoft.Extensions.Options;
using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// Publishes training lifecycle events to Kafka (Avro through the Schema Registry). Create one per process
/// (<see cref="Create"/> or <c>services.AddMlEventsPublisher(...)</c>) and dispose it at the end: disposal waits for
/// events in flight up to <see cref="MlEventsPublisherOptions.FlushTimeout"/> and throws
/// <see cref="UndeliveredEventsException"/> for any left.
/// </summary>
/// <remarks>
/// Cumulative facts (docs/EVENTS.md): <c>RunFinished</c> carries every param and metric logged on the run; a group's
/// <c>ModelGroupUpserted</c> carries every training run of versions registered through this publisher, and is
/// re-published when a registration adds a run (<see cref="MlEventsPublisherOptions.RepublishModelGroupOnNewRun"/>).
/// </remarks>
public sealed class MlEventsPublisher : IMlEventsPublisher
{
    private readonly MlEventsPublisherOptions _options;
    private readonly IEventSink _sink;
    private readonly TimeProvider _time;
    private readonly Func<MlEventPayload, string> _newEventId;
    private readonly SemaphoreSlim _groupGate = new(1, 1);
    private readonly Dictionary<string, ModelGroupState> _groups = new(StringComparer.Ordinal);
    private int _disposed;

    internal MlEventsPublisher(MlEventsPublisherOptions options, IEventSink sink, TimeProvider? timeProvider)
    {
        _options = options;
        _sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        _newEventId = options.EventIdFactory ?? (_ => Guid.NewGuid().ToString());
    }

    /// <summary>
    /// Builds a publisher without waiting for anything: librdkafka connects in the background, the registry is first asked
    /// with the first event, and connection problems surface as <see cref="PublishException"/>s of the calls.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options are incomplete or invalid (the message lists every problem).</exception>
    public static MlEventsPublisher Create(MlEventsPublisherOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        MlEventsPublisherOptionsValidator.ThrowIfInvalid(options);
        return new MlEventsPublisher(options, new KafkaEventSink(options), timeProvider);
    }

    internal TimeProvider Time => _time;

    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<PublishedEvent> UpsertExperimentAsync(string experimentId, Action<ExperimentOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var o = Configure(configure);
        return PublishAsync(new ExperimentUpserted
        {
            ExperimentId = experimentId,
            Name = o.Name,
            Description = o.Description,
            CustomProperties = Copy(o.CustomProperties),
            ExternalUrl = o.ExternalUrl,
            CreatedAt = o.CreatedAt?.ToUnixTimeMilliseconds(),
            LastModifiedAt = o.LastModifiedAt?.ToUnixTimeMilliseconds(),
        }, cancellationToken);
    }

    public async Task<TrainingRun> StartRunAsync(string? experimentId, string runId, Action<RunOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var o = Configure(configure);
        var run = new TrainingRun(this, experimentId, runId, o, o.StartTime?.ToUnixTimeMilliseconds() ?? Now());
        await PublishAsync(run.StartedPayload(), cancellationToken).ConfigureAwait(false);
        return run;
    }

    public async Task<PublishedEvent> UpsertModelGroupAsync(string groupName, Action<ModelGroupOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var o = Configure(configure);
        await _groupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = GroupState(groupName);
            var runs = state.RunIds.Union(o.TrainingRunIds, StringComparer.Ordinal).ToList();
            var payload = new ModelGroupUpserted
            {
                GroupName = groupName,
                Description = o.Description,
                CustomProperties = Copy(o.CustomProperties),
                ExternalUrl = o.ExternalUrl,
                CreatedAt = o.CreatedAt?.ToUnixTimeMilliseconds(),
                LastModifiedAt = o.LastModifiedAt?.ToUnixTimeMilliseconds(),
                TrainingRunIds = runs,
                LatestVersion = o.LatestVersion,
            };
            var published = await PublishAsync(payload, cancellationToken).ConfigureAwait(false);
            state.RunIds = runs;
            state.Last = payload with { CreatedAt = payload.CreatedAt ?? published.Event.EventTime };
            return published;
        }
        finally
        {
            _groupGate.Release();
        }
    }

    public async Task<PublishedEvent> RegisterModelVersionAsync(string modelName, string version, Action<ModelVersionOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var o = Configure(configure);
        var metrics = new Dictionary<string, double>(o.SourceRun?.Metrics ?? new Dictionary<string, double>(), StringComparer.Ordinal);
        var hyperParams = new Dictionary<string, string>(o.SourceRun?.Params ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in o.TrainingMetrics) metrics[name] = value;
        foreach (var (name, value) in o.HyperParams) hyperParams[name] = value;
        var payload = new ModelRegistered
        {
            ModelName = modelName,
            Version = version,
            GroupName = o.GroupName,
            RunId = o.RunId,
            Description = o.Description,
            CustomProperties = Copy(o.CustomProperties),
            TrainingMetrics = metrics,
            HyperParams = hyperParams,
            ExternalUrl = o.ExternalUrl,
            CreatedAt = o.CreatedAt?.ToUnixTimeMilliseconds(),
            LastModifiedAt = o.LastModifiedAt?.ToUnixTimeMilliseconds(),
            Tags = [.. o.Tags],
            Aliases = [.. o.Aliases],
            Stage = o.Stage,
        };
        var published = await PublishAsync(payload, cancellationToken).ConfigureAwait(false);
        if (o.GroupName is { } groupName && o.RunId is { } runId)
        {
            await AddTrainingRunAsync(groupName, runId, cancellationToken).ConfigureAwait(false);
        }
        return published;
    }

    private async Task AddTrainingRunAsync(string groupName, string runId, CancellationToken cancellationToken)
    {
        await _groupGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = GroupState(groupName);
            if (state.RunIds.Contains(runId, StringComparer.Ordinal)) return;
            var runs = state.RunIds.Append(runId).ToList();
            state.RunIds = runs;
            if (state.Last is { } last && _options.RepublishModelGroupOnNewRun)
            {
                var republished = last with { TrainingRunIds = runs, LastModifiedAt = Now() };
                await PublishAsync(republished, cancellationToken).ConfigureAwait(false);
                state.Last = republished;
            }
        }
        finally
        {
            _groupGate.Release();
        }
    }

    public Task<PublishedEvent> SetStageAsync(string modelName, string version, string stage, CancellationToken cancellationToken = default) =>
        PublishAsync(new ModelStageChanged { ModelName = modelName, Version = version, Stage = stage }, cancellationToken);

    public Task<PublishedEvent> SetAliasesAsync(string modelName, string version, IEnumerable<string> aliases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return PublishAsync(new ModelAliasesChanged { ModelName = modelName, Version = version, Aliases = [.. aliases] }, cancellationToken);
    }

    public Task<PublishedEvent> PublishAsync(MlEventPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return PublishAsync(Envelope(payload), cancellationToken);
    }

    /// <summary>The event around <paramref name="payload"/>: a new id, now, and the configured platform, environment and actor.</summary>
    internal MlEvent Envelope(MlEventPayload payload) => new()
    {
        EventId = _newEventId(payload),
        EventTime = Now(),
        Platform = _options.Platform,
        Environment = _options.Environment,
        Actor = _options.Actor,
        Payload = payload,
    };

    public Task<PublishedEvent> PublishAsync(MlEvent mlEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlEvent);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        MlEventValidator.ThrowIfInvalid(mlEvent);
        return _sink.SendAsync(mlEvent, EventKeys.For(mlEvent), cancellationToken);
    }

    public Task FlushAsync(CancellationToken cancellationToken = default) => _sink.FlushAsync(_options.FlushTimeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _groupGate.Dispose();
        }
    }

    private ModelGroupState GroupState(string groupName)
    {
        if (!_groups.TryGetValue(groupName, out var state))
        {
            _groups[groupName] = state = new ModelGroupState();
        }
        return state;
    }

    private static T Configure<T>(Action<T>? configure) where T : new()
    {
        var options = new T();
        configure?.Invoke(options);
        return options;
    }

    private static Dictionary<string, string> Copy(IDictionary<string, string> source) => new(source, StringComparer.Ordinal);

    private sealed class ModelGroupState
    {
        public List<string> RunIds { get; set; } = [];

        /// <summary>The group as last published by this publisher; null when it never upserted it.</summary>
        public ModelGroupUpserted? Last { get; set; }
    }
}
