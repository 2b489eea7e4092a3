namespace MlEvents.Contracts;

/// <summary>The limits <see cref="MlEventValidator"/> enforces (documented in docs/EVENTS.md).</summary>
public static class EventLimits
{
    /// <summary>Ids (eventId, runId, experimentId, modelName, version, ...), actor and platform names: characters.</summary>
    public const int MaxIdLength = 512;

    /// <summary>Display names, dataset names, tags, aliases, stages, property and metric keys: characters.</summary>
    public const int MaxNameLength = 1024;

    /// <summary>URLs (externalUrl, outputUrls): characters.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Descriptions: UTF-8 bytes (64 KiB).</summary>
    public const int MaxDescriptionBytes = 64 * 1024;

    /// <summary>Property and hyper-parameter values: UTF-8 bytes (16 KiB).</summary>
    public const int MaxPropertyValueBytes = 16 * 1024;

    /// <summary>Entries of one map or items of one array.</summary>
    public const int MaxCollectionItems = 1000;

    /// <summary>Smallest plausible epoch-milliseconds time (1973-03-03T09:46:40Z): anything smaller looks like seconds.</summary>
    public const long MinEpochMillis = 100_000_000_000;

    /// <summary>Largest accepted epoch-milliseconds time, exclusive (2100-01-01T00:00:00Z).</summary>
    public const long MaxEpochMillis = 4_102_444_800_000;

    /// <summary>Above this a time looks like microseconds or nanoseconds rather than milliseconds.</summary>
    public const long MicrosecondsThreshold = 100_000_000_000_000;

    /// <summary>What a platform name (event and dataset) may consist of: letters, digits, '_', '-' and '.'.</summary>
    public const string PlatformPattern = "^[A-Za-z0-9_.-]+$";

    /// <summary>DataHub's FabricType symbols (com.linkedin.common.FabricType), valid environments.</summary>
    public static IReadOnlySet<string> FabricTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "DEV", "TEST", "QA", "UAT", "EI", "PRE", "STG", "NON_PROD", "PROD", "CORP", "RVW", "PRD", "TST", "SIT", "SBX", "SANDBOX",
    };
}
