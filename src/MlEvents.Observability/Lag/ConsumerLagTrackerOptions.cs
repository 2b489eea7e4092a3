using System.ComponentModel.DataAnnotations;

namespace MlEvents.Observability.Lag;

public sealed class ConsumerLagTrackerOptions
{
    /// <summary>kafka-lag-exporter's <c>cluster_name</c> label.</summary>
    [Required]
    public string ClusterName { get; set; } = "default";

    /// <summary>The consumer's <c>group.id</c> (<c>group</c> label).</summary>
    [Required]
    public string Group { get; set; } = "";

    /// <summary><c>member_host</c> label: where this member runs.</summary>
    public string MemberHost { get; set; } = Environment.MachineName;

    /// <summary>
    /// <c>client_id</c> label; when empty the <c>client_id</c> from the statistics JSON (librdkafka's client.id) is used.
    /// </summary>
    public string ClientId { get; set; } = "";

    /// <summary>
    /// Lag series are withdrawn when the newest statistics are older than this (librdkafka emits them from the poll loop,
    /// so old statistics describe a consumer that is no longer polling). Set it to a few statistics intervals.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxStatisticsAge { get; set; } = TimeSpan.FromMinutes(1);
}
