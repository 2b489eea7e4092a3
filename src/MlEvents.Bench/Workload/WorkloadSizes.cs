using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Bench.Workload;

/// <summary>Average record sizes of a workload, from a sample, to size topics before anything is published.</summary>
public sealed record WorkloadSizes(double EventBytes, double McpsPerEvent, double McpBytes)
{
    public static WorkloadSizes Sample(EventFactory factory, EventConverter converter, int sample = 300)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(converter);
        long eventBytes = 0, mcps = 0, mcpBytes = 0;
        for (var i = 0; i < sample; i++)
        {
            var mlEvent = factory.Create(i);
            eventBytes += AvroBytes.WireHeaderLength + AvroBytes.Encode(MlEventAvro.ToGenericRecord(mlEvent)).Length;
            foreach (var mcp in converter.Convert(mlEvent))
            {
                mcps++;
                mcpBytes += AvroBytes.WireHeaderLength + AvroBytes.Encode(McpAvro.ToGenericRecord(mcp)).Length;
            }
        }

        return new WorkloadSizes(eventBytes / (double)sample, mcps / (double)sample, mcpBytes / (double)Math.Max(mcps, 1));
    }

    /// <summary>
    /// Partitions so that <paramref name="events"/> events (and their MCPs, for the passthrough input) stay under the mock's
    /// 5 MiB-per-partition retention with room to spare (3 MiB per partition, sizes before compression), at least 4.
    /// </summary>
    public int PartitionsFor(long events, bool withPassthrough = true)
    {
        var largestTopicBytes = events * (withPassthrough ? Math.Max(EventBytes, McpsPerEvent * McpBytes) : EventBytes);
        return (int)Math.Clamp(Math.Ceiling(largestTopicBytes / (3.0 * 1024 * 1024)), 4, 1000);
    }
}
