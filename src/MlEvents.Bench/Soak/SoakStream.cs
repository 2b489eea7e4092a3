using System.Diagnostics;
using MlEvents.Contracts;
using MlEvents.Reliability;
using MlEvents.DevHost.Embedded;

namespace MlEvents.Bench.Soak;

/// <summary>Publishes distinct events of every type at a steady rate (a batch every 100 ms) until told to stop.</summary>
internal sealed class SoakStream(StreamEnvironment env, string prefix, int rate)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly List<MlEvent> _published = [];
    private readonly IEnumerator<MlEvent> _source = SampleEvents.Stream(int.MaxValue, prefix).GetEnumerator();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<MlEvent> Published => _published;

    /// <summary>Runs until <paramref name="done"/> holds (checked before each batch) or <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(Func<bool> done, CancellationToken cancellationToken)
    {
        using var publisher = new EventPublisher(env.Cluster.BootstrapServers, env.Client);
        var perTick = Math.Max(1, rate / 10);
        var clock = Stopwatch.StartNew();
        var ticks = 0L;
        while (!done() && !cancellationToken.IsCancellationRequested)
        {
            await PublishBatchAsync(publisher, perTick).ConfigureAwait(false);
            var next = Tick * ++ticks - clock.Elapsed;
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Not cancellable: a batch cancelled half-way may still be delivered, and an event delivered but not counted as
    /// published would make the soak wait forever for a commit count it never expects (seen once in an outage run).
    /// </summary>
    private async Task PublishBatchAsync(EventPublisher publisher, int count)
    {
        var batch = new List<MlEvent>(count);
        while (batch.Count < count && _source.MoveNext())
        {
            batch.Add(_source.Current);
        }

        await publisher.PublishAsync(env.EventsTopic, batch, CancellationToken.None).ConfigureAwait(false);
        _published.AddRange(batch);
        Interlocked.Add(ref _count, batch.Count);
    }
}
