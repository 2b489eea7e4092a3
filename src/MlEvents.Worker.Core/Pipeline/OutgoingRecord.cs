namespace MlEvents.Worker.Pipeline;

/// <summary>
/// One record to produce to the MCP topic: <paramref name="Key"/> is the entity URN, <paramref name="Value"/> the serialized MCP.
/// <paramref name="MetricLabel"/> (the MCP's aspect name) labels the produced-records metric; null when the translator has none.
/// </summary>
public sealed record OutgoingRecord(string Key, byte[] Value, string? MetricLabel = null);
