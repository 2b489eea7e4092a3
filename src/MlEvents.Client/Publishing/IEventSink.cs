using MlEvents.Contracts;

namespace MlEvents.Client;

/// <summary>Where a publisher's events go: Kafka in production, a list in unit tests.</summary>
internal interface IEventSink : IAsyncDisposable
{
    /// <summary>
    /// Completes when the event is acknowledged; throws <see cref="PublishException"/> otherwise. Takes no cancellation
    /// token: once handed over, an event is either delivered or fails (at the latest when the sink is disposed).
    /// </summary>
    Task<PublishedEvent> SendAsync(MlEvent mlEvent, string key);

    /// <summary>Waits up to <paramref name="timeout"/> for events in flight; throws <see cref="UndeliveredEventsException"/> naming those left.</summary>
    Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Throws <see cref="ConnectivityException"/> when Kafka or the registry cannot be reached within <paramref name="timeout"/>.</summary>
    Task CheckConnectivityAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
