using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// The publisher's <see cref="ITrainingRun"/>. Every value is checked where it enters, so <see cref="FinishAsync"/> cannot
/// fail on a limit. Disposing a run that was not finished publishes it as failed (like MLflow's <c>with start_run()</c>
/// on an exception) and never throws: what could not be sent is logged and listed in
/// <see cref="IMlEventsPublisher.UndeliveredEvents"/>.
/// </summary>
internal sealed class TrainingRun : ITrainingRun
{
    private readonly MlEventsPublisher _publisher;
    private readonly RunOptions _start;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _params;
    private readonly Dictionary<string, string> _tags;
    private readonly RunMetrics _metrics = new();
    private readonly List<DatasetRef> _inputs;
    private readonly List<DatasetRef> _outputs = [];
    private readonly List<string> _outputUrls = [];
    private bool _startChangedSincePublished;
    private RunFinished? _finished;
    private Task<PublishedEvent>? _finishSend;

    internal TrainingRun(MlEventsPublisher publisher, string? experimentId, string runId, RunOptions start, long startTime)
    {
        _publisher = publisher;
        _start = start;
        ExperimentId = experimentId;
        RunId = runId;
        StartTime = startTime;
        _params = new Dictionary<string, string>(start.Params, StringComparer.Ordinal);
        _tags = new Dictionary<string, string>(start.CustomProperties, StringComparer.Ordinal);
        _inputs = [.. start.InputDatasets];
    }

    public string RunId { get; }

    public string? ExperimentId { get; }

    public long StartTime { get; }

    public bool IsFinished
    {
        get { lock (_gate) return _finished is not null; }
    }

    public RunFinished? Finished
    {
        get { lock (_gate) return _finished; }
    }

    public IReadOnlyDictionary<string, string> Params
    {
        get { lock (_gate) return new Dictionary<string, string>(_params, StringComparer.Ordinal); }
    }

    public IReadOnlyDictionary<string, double> Metrics
    {
        get { lock (_gate) return _metrics.Values(); }
    }

    public IReadOnlyDictionary<string, MetricValue> LatestMetrics
    {
        get { lock (_gate) return _metrics.Snapshot(); }
    }

    public IReadOnlyDictionary<string, string> Tags
    {
        get { lock (_gate) return new Dictionary<string, string>(_tags, StringComparer.Ordinal); }
    }

    public ITrainingRun LogParam(string name, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        var text = ParamText.Of(value);
        EntryChecks.ThrowIfInvalid(FieldRules.MapEntry("hyperParams", name, text), nameof(value));
        lock (_gate)
        {
            ThrowIfFinished();
            if (_params.TryGetValue(name, out var existing))
            {
                if (existing == text) return this;
                throw new ArgumentException($"Param '{name}' of run '{RunId}' was already logged as '{existing}'; params cannot change (got '{text}').", nameof(value));
            }
            EntryChecks.ThrowIfFull(_params.Count, "params", RunId, name);
            _params[name] = text;
        }
        return this;
    }

    public ITrainingRun LogMetric(string name, double value, long? step = null, DateTimeOffset? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Metric '{name}' must be a finite number (DataHub cannot store NaN or Infinity; a NaN usually means a diverged or broken training step).");
        }
        if (timestamp is { } given) EntryChecks.ThrowIfInvalid(FieldRules.Timestamp("timestamp", given.ToUnixTimeMilliseconds()), nameof(timestamp));
        lock (_gate)
        {
            ThrowIfFinished();
            if (!_metrics.Contains(name))
            {
                EntryChecks.ThrowIfInvalid(FieldRules.Metric("metrics", name, value), nameof(name));
                EntryChecks.ThrowIfFull(_metrics.Count, "metrics", RunId, name);
            }
            _metrics.Log(name, new MetricValue(value, step, timestamp));
        }
        return this;
    }

    public ITrainingRun SetTag(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        EntryChecks.ThrowIfInvalid(FieldRules.MapEntry("tags", key, value), nameof(value));
        lock (_gate)
        {
            ThrowIfFinished();
            if (_tags.TryGetValue(key, out var existing) && existing == value) return this;
            if (existing is null) EntryChecks.ThrowIfFull(_tags.Count, "tags", RunId, key);
            _tags[key] = value;
            _startChangedSincePublished = true;
        }
        return this;
    }

    public ITrainingRun AddInputDataset(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        EntryChecks.ThrowIfInvalid(FieldRules.Dataset("inputDatasets", dataset), nameof(dataset));
        lock (_gate)
        {
            ThrowIfFinished();
            if (_inputs.Contains(dataset)) return this;
            EntryChecks.ThrowIfFull(_inputs.Count, "input datasets", RunId, dataset.Name);
            _inputs.Add(dataset);
            _startChangedSincePublished = true;
        }
        return this;
    }

    public ITrainingRun AddOutputDataset(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        EntryChecks.ThrowIfInvalid(FieldRules.Dataset("outputDatasets", dataset), nameof(dataset));
        lock (_gate)
        {
            ThrowIfFinished();
            if (_outputs.Contains(dataset)) return this;
            EntryChecks.ThrowIfFull(_outputs.Count, "output datasets", RunId, dataset.Name);
            _outputs.Add(dataset);
        }
        return this;
    }

    public ITrainingRun AddOutputUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        EntryChecks.ThrowIfInvalid(FieldRules.Url("outputUrls", url), nameof(url));
        lock (_gate)
        {
            ThrowIfFinished();
            if (_outputUrls.Contains(url, StringComparer.Ordinal)) return this;
            EntryChecks.ThrowIfFull(_outputUrls.Count, "output URLs", RunId, url);
            _outputUrls.Add(url);
        }
        return this;
    }

    public async Task<PublishedEvent> FinishAsync(RunResult result, string? nativeResultType = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        RunStarted? restart = null;
        RunFinished? finished = null;
        TaskCompletionSource<PublishedEvent>? mine = null;
        Task<PublishedEvent> pending;
        lock (_gate)
        {
            ThrowIfFinished();
            // A finish already on its way (e.g. its caller's wait was cancelled) is waited for, not sent a second time.
            if (_finishSend is { IsFaulted: false, IsCanceled: false } underway)
            {
                pending = underway;
            }
            else
            {
                restart = _startChangedSincePublished ? StartedLocked() : null;
                finished = new RunFinished
                {
                    RunId = RunId,
                    StartTime = StartTime,
                    EndTime = endTime?.ToUnixTimeMilliseconds() ?? _publisher.Now(),
                    Result = result,
                    NativeResultType = nativeResultType,
                    Metrics = _metrics.Values(),
                    MetricSteps = _metrics.Steps(),
                    MetricTimestamps = _metrics.Timestamps(),
                    HyperParams = new Dictionary<string, string>(_params, StringComparer.Ordinal),
                    OutputUrls = [.. _outputUrls],
                    OutputDatasets = [.. _outputs],
                };
                mine = new TaskCompletionSource<PublishedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
                _finishSend = pending = mine.Task;
            }
        }
        if (mine is not null) _ = SendFinishAsync(mine, restart, finished!);
        // The token stops this wait only: the events are handed over whatever happens to it.
        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Completes `finish` with the RunFinished publication (or its failure); never throws itself.
    private async Task SendFinishAsync(TaskCompletionSource<PublishedEvent> finish, RunStarted? restart, RunFinished finished)
    {
        try
        {
            // Validate the finish before re-announcing the start, so an invalid finish sends nothing at all.
            var finishedEvent = _publisher.Envelope(finished);
            MlEventValidator.ThrowIfInvalid(finishedEvent);
            if (restart is not null)
            {
                await _publisher.PublishAsync(_publisher.Envelope(restart)).ConfigureAwait(false);
                lock (_gate) _startChangedSincePublished = false;
            }
            var published = await _publisher.PublishAsync(finishedEvent).ConfigureAwait(false);
            lock (_gate) _finished = finished;
            finish.TrySetResult(published);
        }
        catch (Exception e)
        {
            finish.TrySetException(e);
        }
    }

    /// <summary>Finishes the run as failed (MLflow status FAILED) unless it was finished; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        Task<PublishedEvent>? pending;
        lock (_gate)
        {
            if (_finished is not null) return;
            pending = _finishSend;
        }
        if (pending is not null)
        {
            try
            {
                var published = await pending.ConfigureAwait(false);
                lock (_gate) _finished = (RunFinished)published.Event.Payload;
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // That finish failed (and is reported): record the run as failed below.
            }
        }
        try
        {
            await FinishAsync(RunResult.FAILURE, "FAILED").ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Throwing here would hide the exception that ended the training (inside `await using`).
            _publisher.ReportUnfinishedRun(RunId, e);
        }
    }

    public RunStarted Started
    {
        get { lock (_gate) return StartedLocked(); }
    }

    private RunStarted StartedLocked() => new()
    {
        RunId = RunId,
        RunName = _start.Name,
        ExperimentId = ExperimentId,
        StartTime = StartTime,
        HyperParams = new Dictionary<string, string>(_params, StringComparer.Ordinal),
        CustomProperties = new Dictionary<string, string>(_tags, StringComparer.Ordinal),
        ExternalUrl = _start.ExternalUrl,
        InputDatasets = [.. _inputs],
    };

    private void ThrowIfFinished()
    {
        if (_finished is not null) throw new InvalidOperationException($"Run '{RunId}' is already finished.");
    }
}
