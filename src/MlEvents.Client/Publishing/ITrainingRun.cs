using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>
/// A run in progress, from <see cref="IMlEventsPublisher.StartRunAsync"/>. Logging is local and cheap, and each value is
/// checked where it enters (<see cref="ArgumentException"/> at the call, nothing kept); <see cref="FinishAsync"/>
/// publishes <c>RunFinished</c> with every param, the latest value of every metric and every output. Implement this
/// interface to fake a run in your own tests. Thread-safe.
/// </summary>
public interface ITrainingRun : IAsyncDisposable
{
    /// <summary>The platform's id of the run (MLflow run_id).</summary>
    string RunId { get; }

    /// <summary>The experiment the run belongs to, if any.</summary>
    string? ExperimentId { get; }

    /// <summary>Start time, epoch milliseconds.</summary>
    long StartTime { get; }

    /// <summary>True once <see cref="FinishAsync"/> published <c>RunFinished</c>.</summary>
    bool IsFinished { get; }

    /// <summary>Every param of the run so far.</summary>
    IReadOnlyDictionary<string, string> Params { get; }

    /// <summary>The latest value of every metric logged so far.</summary>
    IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The latest value of every metric with its step and time.</summary>
    IReadOnlyDictionary<string, MetricValue> LatestMetrics { get; }

    /// <summary>Every tag of the run (MLflow run tags; DataHub custom properties of the run).</summary>
    IReadOnlyDictionary<string, string> Tags { get; }

    /// <summary>
    /// Logs a hyper-parameter, stored as text: numbers in invariant culture, dates and times in ISO 8601
    /// (<c>2026-01-02T03:04:05.0000000Z</c>), durations as ISO 8601 durations (<c>PT1H30M</c>). As in MLflow a param cannot
    /// change: the same name with another value throws <see cref="ArgumentException"/>; the same value again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Blank or too long name, value too large, the run already has the maximum number of params, or the value changed.</exception>
    ITrainingRun LogParam(string name, object value);

    /// <summary>
    /// Logs a metric value (MLflow <c>log_metric</c>). Only the latest value per name is kept (memory stays bounded in
    /// long loops) and published: DataHub gets the value, <c>RunFinished</c> also carries its step and time for other consumers.
    /// </summary>
    /// <param name="name">Metric name.</param>
    /// <param name="value">A finite number; NaN and ±Infinity throw <see cref="ArgumentOutOfRangeException"/>.</param>
    /// <param name="step">Training step, if any. A value for an earlier step than the one kept does not replace it.</param>
    /// <param name="timestamp">When the value was measured, if you want it carried (epoch ms in <c>RunFinished.metricTimestamps</c>).</param>
    /// <exception cref="ArgumentException">Blank or too long name, or a new name when the run already has the maximum number of metrics.</exception>
    ITrainingRun LogMetric(string name, double value, long? step = null, DateTimeOffset? timestamp = null);

    /// <summary>Sets a run tag (MLflow <c>set_tag</c>); a tag may be changed. Tags set after the start are published by <see cref="FinishAsync"/>.</summary>
    ITrainingRun SetTag(string key, string value);

    /// <summary>
    /// Adds a dataset the run reads. Inputs are part of <c>RunStarted</c>: one added after the start makes
    /// <see cref="FinishAsync"/> re-announce the start (same start time, all inputs, params and tags) before <c>RunFinished</c>.
    /// </summary>
    ITrainingRun AddInputDataset(DatasetRef dataset);

    /// <summary>Adds a dataset the run writes (published with <c>RunFinished</c>).</summary>
    ITrainingRun AddOutputDataset(DatasetRef dataset);

    /// <summary>Adds a location the run wrote artifacts to, e.g. <c>s3://bucket/output</c> (published with <c>RunFinished</c>).</summary>
    ITrainingRun AddOutputUrl(string url);

    /// <summary>
    /// Publishes <c>RunFinished</c> with the result and every param, metric and output logged. If it fails
    /// (<see cref="PublishException"/>) the run stays open and may be finished again.
    /// </summary>
    /// <param name="result">The outcome.</param>
    /// <param name="nativeResultType">The platform's own status, e.g. MLflow FINISHED/FAILED/KILLED.</param>
    /// <param name="endTime">Default: now.</param>
    /// <param name="cancellationToken">Stops the wait, not the event: see <see cref="IMlEventsPublisher.PublishAsync(MlEvent, CancellationToken)"/>.</param>
    Task<PublishedEvent> FinishAsync(RunResult result, string? nativeResultType = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The run's <c>RunStarted</c> with everything known now (params, tags, inputs): the event to re-publish, changed
    /// with <c>with { ... }</c>, to link the run afterwards (docs/PUBLISHING.md "Linking afterwards").
    /// </summary>
    RunStarted Started { get; }

    /// <summary>The <c>RunFinished</c> as published by <see cref="FinishAsync"/>; null before. See <see cref="Started"/>.</summary>
    RunFinished? Finished { get; }

    /// <summary>Logs several params; see <see cref="LogParam"/>.</summary>
    ITrainingRun LogParams(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) LogParam(name, value);
        return this;
    }

    /// <summary>Logs several metrics at one step; see <see cref="LogMetric"/>.</summary>
    ITrainingRun LogMetrics(IEnumerable<KeyValuePair<string, double>> values, long? step = null, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values) LogMetric(name, value, step, timestamp);
        return this;
    }

    /// <summary>Adds an input dataset by DataHub platform and name, e.g. <c>("snowflake", "db.schema.table")</c>.</summary>
    ITrainingRun AddInputDataset(string platform, string name, string? environment = null, string? platformInstance = null) =>
        AddInputDataset(Datasets.Of(platform, name, environment, platformInstance));

    /// <summary>Adds an output dataset by DataHub platform and name, e.g. <c>("s3", "bucket/model")</c>.</summary>
    ITrainingRun AddOutputDataset(string platform, string name, string? environment = null, string? platformInstance = null) =>
        AddOutputDataset(Datasets.Of(platform, name, environment, platformInstance));
}
