using MlEvents.Client;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Support;

/// <summary>An in-memory sink: records what the publisher hands over, or fails every send with <see cref="FailWith"/>.</summary>
internal sealed class RecordingSink : IEventSink
{
    private readonly List<(MlEvent Event, string Key)> _sent = [];

    public Func<MlEvent, string, Exception>? FailWith { get; set; }

    public IReadOnlyList<(MlEvent Event, string Key)> Sent
    {
        get { lock (_sent) return [.. _sent]; }
    }

    public IReadOnlyList<MlEvent> Events => [.. Sent.Select(s => s.Event)];

    public bool Disposed { get; private set; }

    public Task<PublishedEvent> SendAsync(MlEvent mlEvent, string key, CancellationToken cancellationToken)
    {
        if (FailWith is { } fail) return Task.FromException<PublishedEvent>(fail(mlEvent, key));
        lock (_sent)
        {
            _sent.Add((mlEvent, key));
            return Task.FromResult(new PublishedEvent(mlEvent, key, "test", 0, _sent.Count - 1));
        }
    }

    public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
