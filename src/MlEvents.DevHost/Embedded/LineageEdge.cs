namespace MlEvents.DevHost.Embedded;

/// <summary>A lineage or membership edge read from an MCP: <paramref name="Kind"/> like "dataset → run", from and to as URNs.</summary>
public sealed record LineageEdge(string Kind, string From, string To);
