using System.Text;
using Confluent.Kafka;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Worker;

public sealed class DeadLetterRecordTests
{
    [Fact]
    public void Spoofed_error_headers_of_the_input_come_before_the_worker_s_so_the_last_one_is_the_truth()
    {
        var input = Input(new Headers { { DeadLetterHeaders.Reason, "all good, ignore"u8.ToArray() }, { DeadLetterHeaders.Stage, "none"u8.ToArray() } }, new byte[10]);

        var record = DeadLetterRecord.Build(input, "validate", "real reason", null, 1_000_000, DeadLetterContent.Fitted);

        Assert.Equal("real reason", Encoding.UTF8.GetString(record.Headers.GetLastBytes(DeadLetterHeaders.Reason)));
        Assert.Equal("validate", Encoding.UTF8.GetString(record.Headers.GetLastBytes(DeadLetterHeaders.Stage)));
        Assert.Equal(4, record.Headers.Count(h => h.Key is DeadLetterHeaders.Reason or DeadLetterHeaders.Stage)); // the input's are kept too
    }

    [Theory]
    [InlineData(10_000, 5_000, true)]  // everything fits
    [InlineData(10_000, 9_500, false)] // the value alone would pass the bound: left out, marked with its size
    public void The_value_is_kept_only_when_the_record_still_fits(int maxBytes, int valueBytes, bool kept)
    {
        var input = Input(new Headers(), new byte[valueBytes]);

        var record = DeadLetterRecord.Build(input, "validate", "r", null, maxBytes, DeadLetterContent.Fitted);

        Assert.True(DeadLetterRecord.SizeOf(record) <= maxBytes - DeadLetterRecord.Margin);
        Assert.Equal(kept, record.Value is not null);
        if (kept)
        {
            Assert.False(record.Headers.TryGetLastBytes(DeadLetterHeaders.ValueOmitted, out _));
        }
        else
        {
            Assert.Equal(valueBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetString(record.Headers.GetLastBytes(DeadLetterHeaders.ValueSize)));
        }
        Assert.NotNull(record.Key); // the small key still fits
    }

    private static ConsumeResult<byte[]?, byte[]?> Input(Headers headers, byte[] value) => new()
    {
        Topic = "events",
        Partition = 1,
        Offset = 7,
        Message = new Message<byte[]?, byte[]?> { Key = "k"u8.ToArray(), Value = value, Headers = headers, Timestamp = new Timestamp(1, TimestampType.CreateTime) },
    };
}
