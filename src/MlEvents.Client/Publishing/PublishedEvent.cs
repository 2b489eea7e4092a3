using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>An event Kafka acknowledged (acks=all): where it is stored.</summary>
public sealed record PublishedEvent(MlEvent Event, string Key, string Topic, int Partition, long Offset);
