namespace MlEvents.Client;

/// <summary>
/// An event the publisher accepted but could not get acknowledged by Kafka, as listed by
/// <see cref="IMlEventsPublisher.UndeliveredEvents"/> and passed to <see cref="MlEventsPublisherOptions.OnUndelivered"/>.
/// </summary>
/// <param name="EventId">The event's id; null when the event could not even be built (see <paramref name="Reason"/>).</param>
/// <param name="EventType">The payload type, e.g. <c>RunFinished</c>.</param>
/// <param name="Key">The Kafka key, e.g. <c>run:mlflow:run-42</c>.</param>
/// <param name="Reason">Why it was not delivered, including librdkafka's error when there is one.</param>
/// <param name="Error">The exception that ended the attempt (<see cref="PublishException"/> for delivery failures).</param>
public sealed record UndeliveredEvent(string? EventId, string EventType, string Key, string Reason, Exception? Error);
