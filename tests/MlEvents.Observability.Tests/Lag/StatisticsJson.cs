using System.Text.Json;

namespace MlEvents.Observability.Tests.Lag;

/// <summary>Builds librdkafka-shaped statistics JSON for one consumer.</summary>
internal static class StatisticsJson
{
    public sealed record Partition(string Topic, int Id, long Committed, long High, string FetchState = "active", long Low = 0)
    {
        public long Lag => Committed >= 0 && High >= 0 ? High - Committed : -1;
    }

    public static string Consumer(params Partition[] partitions) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["name"] = "rdkafka#consumer-1",
        ["client_id"] = "worker-1",
        ["type"] = "consumer",
        ["time"] = 1_800_000_000,
        ["cgrp"] = new Dictionary<string, object> { ["state"] = "up", ["join_state"] = "steady", ["rebalance_cnt"] = 2, ["assignment_size"] = partitions.Length },
        ["topics"] = partitions.GroupBy(p => p.Topic).ToDictionary(
            t => t.Key,
            t => (object)new Dictionary<string, object>
            {
                ["topic"] = t.Key,
                ["partitions"] = t.Select(p => p).Append(new Partition(t.Key, -1, -1001, -1001, "none"))
                    .ToDictionary(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => (object)new Dictionary<string, object>
                    {
                        ["partition"] = p.Id,
                        ["fetch_state"] = p.FetchState,
                        ["committed_offset"] = p.Committed,
                        ["stored_offset"] = p.Committed,
                        ["lo_offset"] = p.Low,
                        ["hi_offset"] = p.High,
                        ["ls_offset"] = p.High,
                        ["consumer_lag"] = p.Lag,
                        ["consumer_lag_stored"] = p.Lag,
                    }),
            }),
    });
}
