using System.Text.Json.Serialization;

namespace MlEvents.DataHub.Aspects;

/// <summary><c>com.linkedin.dataprocess.DataProcessRunStatus</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataProcessRunStatus>))]
public enum DataProcessRunStatus
{
    [JsonStringEnumMemberName("STARTED")] Started,
    [JsonStringEnumMemberName("COMPLETE")] Complete,
}

/// <summary><c>com.linkedin.dataprocess.RunResultType</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunResultType>))]
public enum RunResultType
{
    [JsonStringEnumMemberName("SUCCESS")] Success,
    [JsonStringEnumMemberName("FAILURE")] Failure,
    [JsonStringEnumMemberName("SKIPPED")] Skipped,
    [JsonStringEnumMemberName("UP_FOR_RETRY")] UpForRetry,
}

/// <summary><c>com.linkedin.dataprocess.DataProcessType</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DataProcessType>))]
public enum DataProcessType
{
    [JsonStringEnumMemberName("BATCH_SCHEDULED")] BatchScheduled,
    [JsonStringEnumMemberName("BATCH_AD_HOC")] BatchAdHoc,
    [JsonStringEnumMemberName("STREAMING")] Streaming,
}

/// <summary><c>com.linkedin.versionset.VersioningScheme</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VersioningScheme>))]
public enum VersioningScheme
{
    [JsonStringEnumMemberName("LEXICOGRAPHIC_STRING")] LexicographicString,
    [JsonStringEnumMemberName("ALPHANUMERIC_GENERATED_BY_DATAHUB")] AlphanumericGeneratedByDataHub,
}
