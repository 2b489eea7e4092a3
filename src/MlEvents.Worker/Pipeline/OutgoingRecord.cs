namespace MlEvents.Worker.Pipeline;

/// <summary>One record to produce to the MCP topic: <paramref name="Key"/> is the entity URN, <paramref name="Value"/> the serialized MCP.</summary>
public sealed record OutgoingRecord(string Key, byte[] Value);
