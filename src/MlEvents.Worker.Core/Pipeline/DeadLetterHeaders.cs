using System.Globalization;
using System.Text;
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

    /// <summary>Set to "true" when the original value had to be dropped because the dead-letter record itself was too large.</summary>
    public const string ValueOmitted = "mlevents.error.value-omitted";

    /// <summary>Value of <see cref="Exception"/> when the failure carried no exception.</summary>
    public const string NoException = "none";

    /// <summary>The original key, value and headers, plus the error and source coordinates.</summary>
    public static Message<byte[]?, byte[]?> BuildRecord(
        ConsumeResult<byte[]?, byte[]?> input, string stage, string reason, Exception? error, bool omitValue = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var headers = new Headers();
        if (input.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        Add(headers, Stage, stage);
        Add(headers, Reason, reason);
        Add(headers, Exception, error?.GetType().FullName ?? NoException);
        Add(headers, SourceTopic, input.Topic);
        Add(headers, SourcePartition, input.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, SourceOffset, input.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(headers, SourceTimestamp, input.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture));
        if (omitValue)
        {
            Add(headers, ValueOmitted, "true");
        }

        return new Message<byte[]?, byte[]?>
        {
            Key = input.Message.Key,
            Value = omitValue ? null : input.Message.Value,
            Headers = headers,
        };
    }

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
