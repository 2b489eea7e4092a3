namespace MlEvents.Client;

/// <summary>Optional facts of an experiment (<c>ExperimentUpserted</c>).</summary>
public sealed class ExperimentOptions
{
    /// <summary>Display name; default the experiment id.</summary>
    public string? Name { get; set; }

    /// <summary>Free text description.</summary>
    public string? Description { get; set; }

    /// <summary>Extra key/value properties (MLflow experiment tags).</summary>
    public IDictionary<string, string> CustomProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Link to the experiment in its tool (MLflow UI, SageMaker console).</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>Default: now.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Default: now.</summary>
    public DateTimeOffset? LastModifiedAt { get; set; }
}
