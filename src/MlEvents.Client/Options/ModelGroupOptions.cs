namespace MlEvents.Client;

/// <summary>Optional facts of a model group (<c>ModelGroupUpserted</c>).</summary>
public sealed class ModelGroupOptions
{
    /// <summary>Free text description.</summary>
    public string? Description { get; set; }

    /// <summary>Extra key/value properties (MLflow registered model tags).</summary>
    public IDictionary<string, string> CustomProperties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Link to the group in its tool.</summary>
    public string? ExternalUrl { get; set; }

    /// <summary>Default: now (on re-publication: the first publication's time).</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>Default: now.</summary>
    public DateTimeOffset? LastModifiedAt { get; set; }

    /// <summary>
    /// Runs that trained versions of this group that this publisher has not seen (e.g. from earlier jobs). The runs of
    /// versions registered through this publisher are added by themselves.
    /// </summary>
    public IList<string> TrainingRunIds { get; } = [];
}
