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

    /// <summary>When set, sends wait for it (to hold events "in flight").</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<PublishedEvent> SendAsync(MlEvent mlEvent, string key)
    {
        if (Gate is { } gate) await gate.Task;
        if (FailWith is { } fail) throw fail(mlEvent, key);
        lock (_sent)
        {
            _sent.Add((mlEvent, key));
            return new PublishedEvent(mlEvent, key, "test", 0, _sent.Count - 1);
        }
    }

    public Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CheckConnectivityAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
