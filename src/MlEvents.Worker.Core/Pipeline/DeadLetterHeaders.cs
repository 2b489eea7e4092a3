using Confluent.Kafka;

namespace MlEvents.Worker.Pipeline;

/// <summary>Names of the headers added to a dead-lettered record, and the builder of that record.</summary>
public static class DeadLetterHeaders
{
    public const string Stage = "mlevents.error.stage";
    public const string Reason = "mlevents.error.reason";
    public const string Exception = "mlevents.error.exception";
    public const string SourceTopic = "mlevents.source.topic";
    public const string SourcePartition = "mlevents.source.partition";
    public const string SourceOffset = "mlevents.source.offset";
    public const string SourceTimestamp = "mlevents.source.timestamp";

    /// <summary>Set to "true" when the original value was left out because the record would not fit the size bound.</summary>
    public const string ValueOmitted = "mlevents.error.value-omitted";

    /// <summary>Size in bytes of the original value when it was left out.</summary>
    public const string ValueSize = "mlevents.error.value-size";

    /// <summary>Size in bytes of the original key when it was left out.</summary>
    public const string KeyOmitted = "mlevents.error.key-omitted";

    /// <summary>How many original headers were left out (they would not fit the size bound).</summary>
    public const string HeadersOmitted = "mlevents.error.headers-omitted";

    /// <summary>Value of <see cref="Exception"/> when the failure carried no exception.</summary>
    public const string NoException = "none";

    /// <summary>
    /// The original key, value and headers, plus the error and source coordinates (no size bound; the pipeline uses
    /// <see cref="DeadLetterRecord.Build"/> with the producer's <c>message.max.bytes</c>).
    /// </summary>
    public static Message<byte[]?, byte[]?> BuildRecord(
        ConsumeResult<byte[]?, byte[]?> input, string stage, string reason, Exception? error, bool omitValue = false) =>
        DeadLetterRecord.Build(input, stage, reason, error, int.MaxValue, omitValue ? DeadLetterContent.Minimal : DeadLetterContent.Fitted);
}
