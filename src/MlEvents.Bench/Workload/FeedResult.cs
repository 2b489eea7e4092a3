namespace MlEvents.Bench.Workload;

/// <summary>What a feed published: input events (Avro) and, for the passthrough baseline, the MCP records the worker makes of them.</summary>
public sealed record FeedResult(long Events, long EventBytes, long Mcps, long McpBytes, TimeSpan Elapsed)
{
    public double AverageEventBytes => EventBytes / (double)Math.Max(Events, 1);

    public double AverageMcpBytes => McpBytes / (double)Math.Max(Mcps, 1);

    public double McpsPerEvent => Mcps / (double)Math.Max(Events, 1);
}
