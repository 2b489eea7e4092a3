using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Facts known when a run starts (<c>RunStarted</c>).</summary>
public sealed class RunOptions
{
    /// <summary>Display name; default the run id.</summary>
    public string? Name { get; set; }

    /// <summary>Start time; default now.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Hyper-parameters known at start (MLflow params are strings). More can be logged on the run later.</summary>
    public IDictionary<string, string> Params { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Extra key/value properties (MLflow run tags).</summary>
    public IDictionary<string, string> CustomProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Link to the run in its tool.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>
    /// Longest wait between something being logged on the run and the <c>RunUpdated</c> that reports it (default 15 s):
    /// a training loop logging every step sends at most one report per interval. <see cref="TimeSpan.Zero"/> or null:
    /// no automatic reports (<see cref="TrainingRun.UpdateAsync"/> still sends one).
    /// </summary>
    public TimeSpan? UpdateInterval { get; set; } = DefaultUpdateInterval;

    /// <summary>15 seconds.</summary>
    public static readonly TimeSpan DefaultUpdateInterval = TimeSpan.FromSeconds(15);

    /// <summary>Datasets the run reads.</summary>
    public IList<DatasetRef> InputDatasets { get; } = [];

    /// <summary>Adds an input dataset by platform and name (e.g. "snowflake", "db.schema.table").</summary>
    public RunOptions AddInputDataset(string platform, string name, string? environment = null, string? platformInstance = null)
    {
        InputDatasets.Add(Datasets.Of(platform, name, environment, platformInstance));
        return this;
    }
}
