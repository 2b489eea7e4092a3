using System.ComponentModel.DataAnnotations;

namespace MlEvents.Observability.Lag;

public sealed class ConsumerStallDetectorOptions
{
    /// <summary>
    /// How long a lagging partition's offset may stand still before the consumer counts as stalled.
    /// Keep it well above the commit interval (auto.commit.interval.ms) and the longest retry back-off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Only report a stall when the lag grew over the window (a constant backlog with no progress is then tolerated).</summary>
    public bool RequireGrowingLag { get; set; }

    /// <summary>
    /// Also report a stall when no sample at all arrived for <see cref="Window"/> after the first one:
    /// librdkafka delivers statistics from the poll loop, so silence means the loop is stuck.
    /// </summary>
    public bool StallWhenSamplesStop { get; set; } = true;
}
