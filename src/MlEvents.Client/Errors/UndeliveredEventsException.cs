namespace MlEvents.Client;

/// <summary>
/// Raised by <see cref="MlEventsPublisher.FlushAsync"/> and <see cref="MlEventsPublisher.DisposeAsync"/> when events
/// were still not acknowledged by Kafka when the flush bound ran out; <see cref="EventIds"/> names them. Each of their
/// publish calls also fails with a <see cref="PublishException"/>.
/// </summary>
public sealed class UndeliveredEventsException(IReadOnlyList<string> eventIds, TimeSpan waited)
    : Exception($"{eventIds.Count} event(s) not acknowledged by Kafka within {waited.TotalSeconds:0.###} s: {string.Join(", ", eventIds.Take(20))}{(eventIds.Count > 20 ? ", ..." : "")}")
{
    public IReadOnlyList<string> EventIds { get; } = eventIds;
}
