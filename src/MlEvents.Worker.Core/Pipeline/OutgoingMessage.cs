using Confluent.Kafka;

namespace MlEvents.Worker.Pipeline;

/// <summary>A record ready for the producer: an MCP or the input's dead-letter record. <paramref name="MetricLabel"/>: the MCP's aspect.</summary>
internal sealed record OutgoingMessage(string Topic, Message<byte[]?, byte[]?> Message, bool IsDeadLetter, string? MetricLabel = null);
