using System.Globalization;
using System.Text;
using Confluent.Kafka;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Worker.Pipeline;

/// <summary>How much of the input a dead-letter record carries.</summary>
public enum DeadLetterContent
{
    /// <summary>The error headers, then the original key, value and headers as far as they fit the size bound.</summary>
    Fitted,

    /// <summary>Only the error headers (reason cut shorter): the last try when the fitted record was refused.</summary>
    Minimal,
}

/// <summary>
/// Builds a dead-letter record that fits a size bound (the producer's <c>message.max.bytes</c>), whatever the input:
/// the error headers come first (reason escaped and bounded), then the original key, value and headers in that order,
/// each only if it still fits; what is left out is marked in a header. Sizes follow librdkafka's own check (key +
/// value + serialized headers + record overhead), with a margin.
/// </summary>
public static class DeadLetterRecord
{
    /// <summary>Bytes kept free of the bound for the record/batch overhead and the marker headers.</summary>
    public const int Margin = 1024;

    /// <summary>Dead-letter records tried per event (fitted, then error headers only) before it is recorded and skipped.</summary>
    public const int MaxRounds = 2;

    /// <summary>Reason bound of a <see cref="DeadLetterContent.Minimal"/> record.</summary>
    public const int MinimalReasonLimit = 1024;

    // varint lengths of a header's key and value, plus attributes; generous.
    private const int HeaderOverhead = 12;

    public static Message<byte[]?, byte[]?> Build(
        ConsumeResult<byte[]?, byte[]?> input, string stage, string reason, Exception? error, int maxBytes, DeadLetterContent content)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errorHeaders = new Headers();
        var reasonLimit = content == DeadLetterContent.Minimal ? MinimalReasonLimit : InputText.HeaderLimit;
        Add(errorHeaders, DeadLetterHeaders.Stage, stage);
        Add(errorHeaders, DeadLetterHeaders.Reason, InputText.Escape(reason, reasonLimit));
        Add(errorHeaders, DeadLetterHeaders.Exception, error?.GetType().FullName ?? DeadLetterHeaders.NoException);
        Add(errorHeaders, DeadLetterHeaders.SourceTopic, input.Topic);
        Add(errorHeaders, DeadLetterHeaders.SourcePartition, input.Partition.Value.ToString(CultureInfo.InvariantCulture));
        Add(errorHeaders, DeadLetterHeaders.SourceOffset, input.Offset.Value.ToString(CultureInfo.InvariantCulture));
        Add(errorHeaders, DeadLetterHeaders.SourceTimestamp, input.Message.Timestamp.UnixTimestampMs.ToString(CultureInfo.InvariantCulture));

        // Original headers first, the worker's after them: a reader taking the last header of a name gets the worker's
        // even when the input carried headers named like them.
        var headers = new Headers();
        long room = (long)maxBytes - Margin - SizeOf(errorHeaders);
        var key = input.Message.Key;
        var value = input.Message.Value;
        var keepKey = content == DeadLetterContent.Fitted && (key?.LongLength ?? 0) <= room;
        if (keepKey)
        {
            room -= key?.LongLength ?? 0;
        }

        var keepValue = content == DeadLetterContent.Fitted && (value?.LongLength ?? 0) <= room;
        if (keepValue)
        {
            room -= value?.LongLength ?? 0;
        }

        var omittedHeaders = 0;
        if (input.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                var bytes = header.GetValueBytes();
                var size = HeaderSize(header.Key, bytes);
                if (content == DeadLetterContent.Fitted && size <= room)
                {
                    headers.Add(header.Key, bytes);
                    room -= size;
                }
                else
                {
                    omittedHeaders++;
                }
            }
        }

        foreach (var header in errorHeaders)
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        if (!keepKey && key is not null)
        {
            Add(headers, DeadLetterHeaders.KeyOmitted, key.LongLength.ToString(CultureInfo.InvariantCulture));
        }

        if (!keepValue && value is not null)
        {
            Add(headers, DeadLetterHeaders.ValueOmitted, "true");
            Add(headers, DeadLetterHeaders.ValueSize, value.LongLength.ToString(CultureInfo.InvariantCulture));
        }

        if (omittedHeaders > 0)
        {
            Add(headers, DeadLetterHeaders.HeadersOmitted, omittedHeaders.ToString(CultureInfo.InvariantCulture));
        }

        return new Message<byte[]?, byte[]?>
        {
            Key = keepKey ? key : null,
            Value = keepValue ? value : null,
            Headers = headers,
        };
    }

    /// <summary>Key + value + serialized headers, as librdkafka counts a record against <c>message.max.bytes</c> (plus overheads).</summary>
    public static long SizeOf(Message<byte[]?, byte[]?> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (message.Key?.LongLength ?? 0) + (message.Value?.LongLength ?? 0) + (message.Headers is { } headers ? SizeOf(headers) : 0);
    }

    private static long SizeOf(Headers headers)
    {
        long size = 0;
        foreach (var header in headers)
        {
            size += HeaderSize(header.Key, header.GetValueBytes());
        }

        return size;
    }

    private static long HeaderSize(string key, byte[]? value) => Encoding.UTF8.GetByteCount(key) + (value?.LongLength ?? 0) + HeaderOverhead;

    private static void Add(Headers headers, string key, string value) => headers.Add(key, Encoding.UTF8.GetBytes(value));
}
