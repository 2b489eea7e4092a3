using System.Globalization;
using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// A run in progress, from <see cref="IMlEventsPublisher.StartRunAsync"/>. Logging is local and cheap. While the run
/// trains, <c>RunUpdated</c> reports every param and the latest value of every metric so far: at most once per
/// <see cref="RunOptions.UpdateInterval"/> after something was logged, and whenever <see cref="UpdateAsync"/> is called.
/// <see cref="FinishAsync"/> publishes <c>RunFinished</c> carrying EVERY param (those given at start and those logged
/// since), the latest value of every metric and every property, so no fact is erased in DataHub.
/// Disposing a run that was not finished records it as failed (like MLflow's <c>with start_run()</c> on an exception).
/// </summary>
public sealed class TrainingRun : IAsyncDisposable
{
    private readonly MlEventsPublisher _publisher;
    private readonly RunOptions _start;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _params;
    private readonly Dictionary<string, double> _metrics = new(StringComparer.Ordinal);
    private readonly List<DatasetRef> _inputs;
    private readonly List<DatasetRef> _outputs = [];
    private readonly List<string> _outputUrls = [];
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private readonly RunUpdateSchedule? _updates;
    private bool _inputsChangedSinceStart;
    private bool _finished;

    internal TrainingRun(MlEventsPublisher publisher, string? experimentId, string runId, RunOptions start, long startTime)
    {
        _publisher = publisher;
        _start = start;
        ExperimentId = experimentId;
        RunId = runId;
        StartTime = startTime;
        _params = new Dictionary<string, string>(start.Params, StringComparer.Ordinal);
        _inputs = [.. start.InputDatasets];
        if (start.UpdateInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero, nameof(RunOptions.UpdateInterval));
            if (interval > TimeSpan.Zero) _updates = new RunUpdateSchedule(publisher.Time, interval, () => UpdateCoreAsync(CancellationToken.None));
        }
    }

    public string RunId { get; }

    public string? ExperimentId { get; }

    /// <summary>Start time, epoch milliseconds.</summary>
    public long StartTime { get; }

    /// <summary>True once <see cref="FinishAsync"/> published <c>RunFinished</c>.</summary>
    public bool IsFinished
    {
        get { lock (_gate) return _finished; }
    }

    /// <summary>Every param of the run so far.</summary>
    public IReadOnlyDictionary<string, string> Params
    {
        get { lock (_gate) return new Dictionary<string, string>(_params, StringComparer.Ordinal); }
    }

    /// <summary>The latest value of every metric logged so far.</summary>
    public IReadOnlyDictionary<string, double> Metrics
    {
        get { lock (_gate) return new Dictionary<string, double>(_metrics, StringComparer.Ordinal); }
    }

    /// <summary>
    /// Logs a hyper-parameter (stored as text, invariant culture). As in MLflow a param cannot change: logging the same
    /// name with another value throws <see cref="ArgumentException"/>; the same value again is a no-op.
    /// </summary>
    public TrainingRun LogParam(string name, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        lock (_gate)
        {
            ThrowIfFinished();
            if (_params.TryGetValue(name, out var existing) && existing != text)
            {
                throw new ArgumentException($"Param '{name}' of run '{RunId}' was already logged as '{existing}'; params cannot change (got '{text}').", nameof(value));
            }
            _params[name] = text;
        }
        _updates?.Changed();
        return this;
    }

    /// <summary>Logs several params; see <see cref="LogParam"/>.</summary>
    public TrainingRun LogParams(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) LogParam(name, value);
        return this;
    }

    /// <summary>Logs a metric; the latest value per name is published. NaN and ±Infinity are rejected at once.</summary>
    public TrainingRun LogMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Metric '{name}' must be a finite number (DataHub cannot store NaN or Infinity; a NaN usually means a diverged or broken training step).");
        }
        lock (_gate)
        {
            ThrowIfFinished();
            _metrics[name] = value;
        }
        _updates?.Changed();
        return this;
    }

    /// <summary>Logs several metrics; see <see cref="LogMetric"/>.</summary>
    public TrainingRun LogMetrics(IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) LogMetric(name, value);
        return this;
    }

    /// <summary>
    /// Adds a dataset the run reads. Inputs are part of <c>RunStarted</c>; one added after the start makes
    /// <see cref="FinishAsync"/> re-announce the start (same start time, all inputs and params) before <c>RunFinished</c>.
    /// </summary>
    public TrainingRun AddInputDataset(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            ThrowIfFinished();
            if (!_inputs.Contains(dataset))
            {
                _inputs.Add(dataset);
                _inputsChangedSinceStart = true;
            }
        }
        return this;
    }

    public TrainingRun AddInputDataset(string platform, string name, string? environment = null, string? platformInstance = null) =>
        AddInputDataset(Datasets.Of(platform, name, environment, platformInstance));

    /// <summary>Adds a dataset the run writes (published with <c>RunFinished</c>).</summary>
    public TrainingRun AddOutputDataset(DatasetRef dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        lock (_gate)
        {
            ThrowIfFinished();
            if (!_outputs.Contains(dataset)) _outputs.Add(dataset);
        }
        return this;
    }

    public TrainingRun AddOutputDataset(string platform, string name, string? environment = null, string? platformInstance = null) =>
        AddOutputDataset(Datasets.Of(platform, name, environment, platformInstance));

    /// <summary>Adds a location the run wrote artifacts to, e.g. s3://bucket/output (published with <c>RunFinished</c>).</summary>
    public TrainingRun AddOutputUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        lock (_gate)
        {
            ThrowIfFinished();
            if (!_outputUrls.Contains(url, StringComparer.Ordinal)) _outputUrls.Add(url);
        }
        _updates?.Changed();
        return this;
    }

    /// <summary>
    /// Sets a property of the training run learned while it runs (e.g. best_epoch); the latest value per name goes with
    /// <c>RunUpdated</c> and <c>RunFinished</c> to the run's training properties. Run tags known at start belong in
    /// <see cref="RunOptions.CustomProperties"/>.
    /// </summary>
    public TrainingRun SetProperty(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate)
        {
            ThrowIfFinished();
            _properties[name] = value;
        }
        _updates?.Changed();
        return this;
    }

    /// <summary>The error of the last automatic <c>RunUpdated</c>; null when it succeeded (or none was sent).</summary>
    public Exception? LastUpdateFailure => _updates?.LastFailure;

    /// <summary>
    /// Publishes <c>RunUpdated</c> now with every param, the latest value of every metric, every property and output URL
    /// so far (e.g. at the end of an epoch). The automatic reports do the same at a bounded rate.
    /// </summary>
    public async Task<PublishedEvent> UpdateAsync(CancellationToken cancellationToken = default)
    {
        var published = await UpdateCoreAsync(cancellationToken).ConfigureAwait(false);
        _updates?.Reported();
        return published;
    }

    private Task<PublishedEvent> UpdateCoreAsync(CancellationToken cancellationToken)
    {
        RunUpdated updated;
        lock (_gate)
        {
            ThrowIfFinished();
            updated = new RunUpdated
            {
                RunId = RunId,
                HyperParams = new Dictionary<string, string>(_params, StringComparer.Ordinal),
                Metrics = new Dictionary<string, double>(_metrics, StringComparer.Ordinal),
                CustomProperties = new Dictionary<string, string>(_properties, StringComparer.Ordinal),
                OutputUrls = [.. _outputUrls],
            };
        }
        return _publisher.PublishAsync(updated, cancellationToken);
    }

    /// <summary>
    /// Publishes <c>RunFinished</c> with the result and every param, metric and output logged. If it fails
    /// (<see cref="PublishException"/>, <see cref="EventValidationException"/>) the run stays open and may be finished again.
    /// </summary>
    /// <param name="nativeResultType">The platform's own status, e.g. MLflow FINISHED/FAILED/KILLED.</param>
    /// <param name="endTime">Default: now.</param>
    public async Task<PublishedEvent> FinishAsync(RunResult result, string? nativeResultType = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        RunStarted? restart;
        RunFinished finished;
        lock (_gate)
        {
            ThrowIfFinished();
            restart = _inputsChangedSinceStart ? StartedPayload() : null;
            finished = new RunFinished
            {
                RunId = RunId,
                StartTime = StartTime,
                EndTime = endTime?.ToUnixTimeMilliseconds() ?? _publisher.Now(),
                Result = result,
                NativeResultType = nativeResultType,
                Metrics = new Dictionary<string, double>(_metrics, StringComparer.Ordinal),
                HyperParams = new Dictionary<string, string>(_params, StringComparer.Ordinal),
                OutputUrls = [.. _outputUrls],
                OutputDatasets = [.. _outputs],
                CustomProperties = new Dictionary<string, string>(_properties, StringComparer.Ordinal),
            };
        }
        // Validate the finish before re-announcing the start, so an invalid finish sends nothing at all.
        var finishedEvent = _publisher.Envelope(finished);
        MlEventValidator.ThrowIfInvalid(finishedEvent);
        // A report still in flight reaches Kafka before RunFinished; none is sent after it.
        if (_updates is not null) await _updates.StopAsync().ConfigureAwait(false);
        try
        {
            if (restart is not null)
            {
                await _publisher.PublishAsync(_publisher.Envelope(restart), cancellationToken).ConfigureAwait(false);
                lock (_gate) _inputsChangedSinceStart = false;
            }
            var published = await _publisher.PublishAsync(finishedEvent, cancellationToken).ConfigureAwait(false);
            lock (_gate) _finished = true;
            return published;
        }
        catch
        {
            _updates?.Resume();
            throw;
        }
    }

    /// <summary>Finishes the run as failed (MLflow status FAILED) unless <see cref="FinishAsync"/> was called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!IsFinished)
        {
            await FinishAsync(RunResult.FAILURE, "FAILED").ConfigureAwait(false);
        }
    }

    internal RunStarted StartedPayload()
    {
        lock (_gate)
        {
            return new RunStarted
            {
                RunId = RunId,
                RunName = _start.Name,
                ExperimentId = ExperimentId,
                StartTime = StartTime,
                HyperParams = new Dictionary<string, string>(_params, StringComparer.Ordinal),
                CustomProperties = new Dictionary<string, string>(_start.CustomProperties, StringComparer.Ordinal),
                ExternalUrl = _start.ExternalUrl,
                InputDatasets = [.. _inputs],
            };
        }
    }

    private void ThrowIfFinished()
    {
        if (_finished) throw new InvalidOperationException($"Run '{RunId}' is already finished.");
    }
}
