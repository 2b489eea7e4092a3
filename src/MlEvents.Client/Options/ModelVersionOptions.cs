namespace MlEvents.Client;

/// <summary>Facts of a model version being registered (<c>ModelRegistered</c>).</summary>
public sealed class ModelVersionOptions
{
    /// <summary>Model group the version belongs to (MLflow: the registered model name).</summary>
    public string? GroupName { get; set; }

    /// <summary>Id of the run that produced the version; set by <see cref="FromRun"/>.</summary>
    public string? RunId { get; set; }

    /// <summary>Free text description.</summary>
    public string? Description { get; set; }

    /// <summary>Extra key/value properties (MLflow version tags).</summary>
    public IDictionary<string, string> CustomProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Metrics of this version; with <see cref="FromRun"/> the run's metrics come first, these override them.</summary>
    public IDictionary<string, double> TrainingMetrics { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Hyper-parameters of this version; with <see cref="FromRun"/> the run's params come first, these override them.</summary>
    public IDictionary<string, string> HyperParams { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Link to the version in its tool.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>Default: now.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Default: now.</summary>
    public DateTimeOffset? LastModifiedAt { get; set; }

    /// <summary>Free-form tags (MLflow writes key:value strings).</summary>
    public IList<string> Tags { get; } = [];

    /// <summary>Aliases at registration, e.g. champion.</summary>
    public IList<string> Aliases { get; } = [];

    /// <summary>Initial stage, if any: <see cref="ModelStage.Production"/>, ... or <see cref="ModelStage.Custom"/>.</summary>
    public ModelStage? Stage { get; set; }

    internal ITrainingRun? SourceRun { get; private set; }

    /// <summary>
    /// The version was produced by <paramref name="run"/>: sets <see cref="RunId"/> and carries the run's params and
    /// latest metrics (as they are when the version is published).
    /// </summary>
    public ModelVersionOptions FromRun(ITrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        SourceRun = run;
        RunId = run.RunId;
        return this;
    }
}
