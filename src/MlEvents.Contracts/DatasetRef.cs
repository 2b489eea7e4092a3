namespace MlEvents.Contracts;

/// <summary>
/// A dataset as DataHub names it:
/// urn:li:dataset:(urn:li:dataPlatform:&lt;platform&gt;,&lt;[platformInstance.]name&gt;,&lt;environment&gt;).
/// </summary>
public sealed record DatasetRef
{
    /// <summary>Data platform of the dataset: s3, snowflake, hive, ...</summary>
    public required string Platform { get; init; }

    /// <summary>Dataset name on that platform.</summary>
    public required string Name { get; init; }

    /// <summary>Fabric of the dataset; null means the event's environment.</summary>
    public string? Environment { get; init; }

    public string? PlatformInstance { get; init; }
}
