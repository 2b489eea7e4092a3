namespace MlEvents.Client;

/// <summary>
/// Raised by <see cref="IMlEventsPublisher.FlushAsync"/> when events were still not acknowledged by Kafka when the
/// flush bound ran out; <see cref="EventIds"/> names them. They stay in flight (disposal waits for them once more, then
/// reports those left in <see cref="IMlEventsPublisher.UndeliveredEvents"/>).
/// </summary>
public sealed class UndeliveredEventsException(IReadOnlyList<string> eventIds, TimeSpan waited)
    : Exception($"{eventIds.Count} event(s) not acknowledged by Kafka within {waited.TotalSeconds:0.###} s: {string.Join(", ", eventIds.Take(20))}{(eventIds.Count > 20 ? ", ..." : "")}")
{
    /// <summary>The ids of the events still in flight.</summary>
    public IReadOnlyList<string> EventIds { get; } = eventIds;
}
