using System.Threading.Channels;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Sink;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// The REST sink of one partition: collects the MCPs of consecutive events (up to <c>DataHub:Rest:MaxBatchMcps</c> /
/// <c>MaxBatchBytes</c>, waiting at most <c>Linger</c>) into one <c>ingestProposalBatch</c> request, one request of the
/// partition at a time (so GMS applies them in offset order), and settles each event with GMS's answer. GMS refuses a batch
/// as a whole; a refused batch of several events is resent event by event so that only the events GMS refuses are
/// dead-lettered. After a transient failure every event queued behind it fails too (it is redone in offset order after the
/// backoff) until <see cref="Resume"/>.
/// </summary>
internal sealed class GmsPartitionSender
{
    private readonly PartitionWorker _owner;
    private readonly GmsSink _sink;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly CancellationTokenSource _abandon = new();
    private Pending? _carry;
    private volatile GmsAnswer? _halt;

    public GmsPartitionSender(PartitionWorker owner, GmsSink sink)
    {
        _owner = owner;
        _sink = sink;
        Sending = Task.Run(() => RunAsync(_abandon.Token), CancellationToken.None);
    }

    public Task Sending { get; }

    /// <summary>Queues all MCPs of one event (the event settles once GMS answered for them).</summary>
    public void Send(InFlightEvent inFlight, IReadOnlyList<OutgoingMessage> messages)
    {
        if (_halt is { } halt)
        {
            _owner.GmsFailed(inFlight, messages, halt);
            return;
        }

        _queue.Writer.TryWrite(new Pending(inFlight, messages));
    }

    /// <summary>Sends again after a transient failure (called by the redo, before it sends the failed events again).</summary>
    public void Resume() => _halt = null;

    /// <summary>Stops sending: queued events stay unsettled (their offsets are not committed).</summary>
    public void Abandon()
    {
        _queue.Writer.TryComplete();
        _abandon.Cancel();
        Sending.ContinueWith(_ => _abandon.Dispose(), TaskScheduler.Default);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _queue.Reader;
            while (_carry is not null || await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = Collect(reader);
                if (batch.Count == 0)
                {
                    continue;
                }

                if (_sink.Options.Linger > TimeSpan.Zero && _carry is null && !Full(batch))
                {
                    await Task.Delay(_sink.Options.Linger, cancellationToken).ConfigureAwait(false);
                    Collect(reader, batch);
                }

                await SendBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Only a bug gets here: the partition's events stay unsettled (nothing is committed past them), said loudly.
            _owner.SenderCrashed(exception);
        }
    }

    private List<Pending> Collect(ChannelReader<Pending> reader, List<Pending>? batch = null)
    {
        batch ??= [];
        var mcps = batch.Sum(p => p.Messages.Count);
        var bytes = batch.Sum(p => p.Bytes);
        while (true)
        {
            Pending next;
            if (_carry is { } carried)
            {
                next = carried;
                _carry = null;
            }
            else if (!reader.TryRead(out next!))
            {
                return batch;
            }

            var options = _sink.Options;
            if (batch.Count > 0 && (mcps + next.Messages.Count > options.MaxBatchMcps
                || bytes + next.Bytes + GmsRequestBody.Overhead(mcps + next.Messages.Count) > options.MaxBatchBytes))
            {
                _carry = next;
                return batch;
            }

            batch.Add(next);
            mcps += next.Messages.Count;
            bytes += next.Bytes;
        }
    }

    private bool Full(List<Pending> batch) =>
        batch.Sum(p => p.Messages.Count) >= _sink.Options.MaxBatchMcps || batch.Sum(p => p.Bytes) >= _sink.Options.MaxBatchBytes;

    private async Task SendBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        if (_halt is { } halt)
        {
            Fail(batch, halt);
            return;
        }

        var answer = await _sink.IngestAsync(Body(batch), cancellationToken).ConfigureAwait(false);
        switch (answer.Outcome)
        {
            case GmsOutcome.Accepted:
                _owner.GmsReachable();
                foreach (var pending in batch)
                {
                    _owner.GmsAccepted(pending.Event, pending.Messages);
                }

                break;
            case GmsOutcome.Refused when batch.Count == 1:
                _owner.GmsReachable();
                _owner.GmsRefused(batch[0].Event, batch[0].Messages, answer);
                break;
            case GmsOutcome.Refused:
                _owner.GmsReachable();
                _owner.GmsIsolating(batch.Count, answer);
                foreach (var pending in batch)
                {
                    await SendBatchAsync([pending], cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                _halt = answer;
                _owner.GmsUnavailable(batch.Count, batch.Sum(p => p.Messages.Count), batch[0].Event.Input.Offset.Value, answer);
                Fail(batch, answer);
                break;
        }
    }

    private void Fail(List<Pending> batch, GmsAnswer answer)
    {
        foreach (var pending in batch)
        {
            _owner.GmsFailed(pending.Event, pending.Messages, answer);
        }
    }

    private static byte[] Body(List<Pending> batch)
    {
        var proposals = new List<ReadOnlyMemory<byte>>(batch.Sum(p => p.Messages.Count));
        foreach (var pending in batch)
        {
            foreach (var message in pending.Messages)
            {
                proposals.Add(message.Message.Value ?? []);
            }
        }

        return GmsRequestBody.Batch(proposals);
    }

    private sealed record Pending(InFlightEvent Event, IReadOnlyList<OutgoingMessage> Messages)
    {
        public long Bytes { get; } = Messages.Sum(m => (long)(m.Message.Value?.Length ?? 0));
    }
}
