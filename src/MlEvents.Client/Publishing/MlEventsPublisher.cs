using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// Publishes training lifecycle events to Kafka (Avro through the Schema Registry). Create one per process
/// (<see cref="Create"/> or <c>services.AddMlEventsPublisher(...)</c>) and dispose it at the end: disposal waits for
/// events in flight up to <see cref="MlEventsPublisherOptions.FlushTimeout"/> and reports any left in
/// <see cref="UndeliveredEvents"/> (it never throws, so it cannot hide the exception that ended a job).
/// </summary>
/// <remarks>
/// Cumulative facts (docs/EVENTS.md): <c>RunFinished</c> carries every param and metric logged on the run; a group's
/// <c>ModelGroupUpserted</c> carries every training run of versions registered through this publisher, and is
/// re-published when a registration adds a run (<see cref="MlEventsPublisherOptions.RepublishModelGroupOnNewRun"/>).
/// </remarks>
public sealed partial class MlEventsPublisher : IMlEventsPublisher
{
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(5);
    private readonly MlEventsPublisherOptions _options;
    private readonly IEventSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly UndeliveredLog _undelivered;
    private readonly Func<MlEventPayload, string> _newEventId;
    private readonly SemaphoreSlim _groupGate = new(1, 1);
    private readonly Dictionary<string, ModelGroupState> _groups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _aliasGate = new(1, 1);
    private readonly Dictionary<(string Model, string Version), List<string>> _aliases = [];
    // Every send from the call until its outcome is recorded: what disposal waits for before it returns.
    private readonly ConcurrentDictionary<long, Task> _sends = new();
    private long _sendSequence;
    private int _disposed;

    internal MlEventsPublisher(MlEventsPublisherOptions options, IEventSink sink, TimeProvider? timeProvider, ILogger? logger = null)
    {
        _options = options;
        _sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _undelivered = new UndeliveredLog(_logger, options.OnUndelivered);
        _newEventId = options.EventIdFactory ?? (_ => Guid.NewGuid().ToString());
    }

    /// <summary>
    /// Builds a publisher without waiting for anything: librdkafka connects in the background, the registry is first asked
    /// with the first event. Call <see cref="CheckConnectivityAsync"/> to fail fast when Kafka or the registry cannot be reached.
    /// </summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="timeProvider">Clock of event times and metric timestamps (default the system clock).</param>
    /// <param name="loggerFactory">Where librdkafka's errors and undelivered events are logged (category <c>MlEvents.Client.MlEventsPublisher</c>).</param>
    /// <exception cref="OptionsValidationException">The options are incomplete or invalid (the message lists every problem).</exception>
    public static MlEventsPublisher Create(MlEventsPublisherOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        MlEventsPublisherOptionsValidator.ThrowIfInvalid(options);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MlEventsPublisher>();
        return new MlEventsPublisher(options, new KafkaEventSink(options, logger), timeProvider, logger);
    }

    internal TimeProvider Time => _time;

    internal long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public IReadOnlyList<UndeliveredEvent> UndeliveredEvents => _undelivered.Snapshot();

    /// <inheritdoc />
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

    /// <inheritdoc />
    public async Task<ITrainingRun> StartRunAsync(string? experimentId, string runId, Action<RunOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var o = Configure(configure);
        var run = new TrainingRun(this, experimentId, runId, o, o.StartTime?.ToUnixTimeMilliseconds() ?? Now());
        await PublishAsync(run.Started, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
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
            Stage = o.Stage?.Name,
        };
        await _aliasGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        PublishedEvent published;
        try
        {
            published = await PublishAsync(payload, cancellationToken).ConfigureAwait(false);
            _aliases[(modelName, version)] = [.. payload.Aliases];
        }
        finally
        {
            _aliasGate.Release();
        }
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

    /// <inheritdoc />
    public Task<PublishedEvent> SetStageAsync(string modelName, string version, ModelStage stage, CancellationToken cancellationToken = default) =>
        PublishAsync(new ModelStageChanged { ModelName = modelName, Version = version, Stage = stage.Name }, cancellationToken);

    /// <inheritdoc />
    public async Task<PublishedEvent> SetAliasesAsync(string modelName, string version, IEnumerable<string> aliases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        List<string> set = [.. aliases];
        await _aliasGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var published = await PublishAsync(new ModelAliasesChanged { ModelName = modelName, Version = version, Aliases = set }, cancellationToken).ConfigureAwait(false);
            _aliases[(modelName, version)] = set;
            return published;
        }
        finally
        {
            _aliasGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<PublishedEvent> AddAliasAsync(string modelName, string version, string alias, CancellationToken cancellationToken = default)
    {
        EntryChecks.ThrowIfInvalid(FieldRules.Name("alias", alias), nameof(alias));
        await _aliasGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = KnownAliases(modelName, version);
            var published = current.Contains(alias, StringComparer.Ordinal)
                ? await PublishAliasesAsync(modelName, version, current, cancellationToken).ConfigureAwait(false)
                : await PublishAliasesAsync(modelName, version, [.. current, alias], cancellationToken).ConfigureAwait(false);
            // MLflow: an alias names one version of a model, so the other versions known to hold it lose it.
            foreach (var ((model, otherVersion), held) in _aliases.Where(a => a.Key.Model == modelName && a.Key.Version != version).ToList())
            {
                if (held.Contains(alias, StringComparer.Ordinal))
                {
                    await PublishAliasesAsync(model, otherVersion, [.. held.Where(a => a != alias)], cancellationToken).ConfigureAwait(false);
                }
            }
            return published;
        }
        finally
        {
            _aliasGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<PublishedEvent> RemoveAliasAsync(string modelName, string version, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        await _aliasGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = KnownAliases(modelName, version);
            return await PublishAliasesAsync(modelName, version, [.. current.Where(a => a != alias)], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _aliasGate.Release();
        }
    }

    private List<string> KnownAliases(string modelName, string version) =>
        _aliases.TryGetValue((modelName, version), out var known)
            ? known
            : throw new InvalidOperationException(
                $"This publisher does not know the aliases of {modelName} version {version} (it neither registered it nor set its aliases). " +
                "ModelAliasesChanged carries the complete set: call SetAliasesAsync with every alias the version keeps.");

    // Called under _aliasGate.
    private async Task<PublishedEvent> PublishAliasesAsync(string modelName, string version, List<string> aliases, CancellationToken cancellationToken)
    {
        var published = await PublishAsync(new ModelAliasesChanged { ModelName = modelName, Version = version, Aliases = aliases }, cancellationToken).ConfigureAwait(false);
        _aliases[(modelName, version)] = aliases;
        return published;
    }

    /// <inheritdoc />
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

    /// <inheritdoc />
    public Task<PublishedEvent> PublishAsync(MlEvent mlEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlEvent);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        MlEventValidator.ThrowIfInvalid(mlEvent);
        cancellationToken.ThrowIfCancellationRequested();
        var send = SendAndReportAsync(mlEvent, EventKeys.For(mlEvent), cancellationToken);
        if (!cancellationToken.CanBeCanceled) return send;
        // The caller may stop waiting; the send goes on and its failure, if any, is reported rather than lost.
        _ = send.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return send.WaitAsync(cancellationToken);
    }

    private async Task<PublishedEvent> SendAndReportAsync(MlEvent mlEvent, string key, CancellationToken callerToken)
    {
        var id = Interlocked.Increment(ref _sendSequence);
        var settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sends[id] = settled.Task;
        try
        {
            return await _sink.SendAsync(mlEvent, key).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var reason = e is PublishException p ? p.Reason : e.Message;
            _undelivered.Add(new UndeliveredEvent(mlEvent.EventId, mlEvent.Payload.TypeName, key, reason, e),
                callerSawIt: !callerToken.IsCancellationRequested && Volatile.Read(ref _disposed) == 0);
            throw;
        }
        finally
        {
            _sends.TryRemove(id, out _);
            settled.TrySetResult();
        }
    }

    internal void ReportUnfinishedRun(string runId, Exception error)
    {
        LogRunNotFinished(_logger, error, runId);
        if (error is PublishException) return; // its event is already reported by the send
        _undelivered.Add(new UndeliveredEvent(null, nameof(RunFinished), $"run:{_options.Platform}:{runId}", error.Message, error), callerSawIt: false);
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) => _sink.FlushAsync(_options.FlushTimeout, cancellationToken);

    /// <inheritdoc />
    public Task CheckConnectivityAsync(CancellationToken cancellationToken = default) =>
        _sink.CheckConnectivityAsync(_options.ConnectivityTimeout, cancellationToken);

    /// <summary>
    /// Flushes within <see cref="MlEventsPublisherOptions.FlushTimeout"/>, then gives up what is left: those events are
    /// logged as errors, listed in <see cref="UndeliveredEvents"/> and passed to <see cref="MlEventsPublisherOptions.OnUndelivered"/>.
    /// Never throws, so that it cannot replace the exception that ended a job inside <c>await using</c>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        var before = _undelivered.Count;
        try
        {
            await _sink.DisposeAsync().ConfigureAwait(false);
            await Task.WhenAll(_sends.Values).WaitAsync(SettleBound).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogDisposeFailed(_logger, e);
        }
        var lost = _undelivered.Count - before;
        if (lost > 0) LogLostAtDispose(_logger, lost, _options.FlushTimeout.TotalSeconds);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} was disposed without FinishAsync and its FAILURE finish could not be published; the run stays STARTED in DataHub")]
    private static partial void LogRunNotFinished(ILogger logger, Exception error, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} event(s) were not acknowledged within FlushTimeout ({FlushSeconds} s) when the publisher was disposed; see UndeliveredEvents")]
    private static partial void LogLostAtDispose(ILogger logger, int count, double flushSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Disposing the publisher failed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception error);

    private sealed class ModelGroupState
    {
        public List<string> RunIds { get; set; } = [];

        /// <summary>The group as last published by this publisher; null when it never upserted it.</summary>
        public ModelGroupUpserted? Last { get; set; }
    }
}
