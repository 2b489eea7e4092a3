using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Where a publisher's events go: Kafka in production, a list in unit tests.</summary>
internal interface IEventSink : IAsyncDisposable
{
    /// <summary>Completes when the event is acknowledged; throws <see cref="PublishException"/> otherwise.</summary>
    Task<PublishedEvent> SendAsync(MlEvent mlEvent, string key, CancellationToken cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for events in flight; throws <see cref="UndeliveredEventsException"/> naming those left.</summary>
    Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
