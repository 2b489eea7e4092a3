using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Lag;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Sink;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// The consume loop. Runs on one dedicated thread that alone touches the consumer (poll, pause/resume, store, commit,
/// rebalance callbacks); translation and produce calls happen on one processing task per partition; delivery reports
/// arrive on the producer's thread and complete offsets in each partition's <see cref="PartitionOffsetTracker"/>.
/// </summary>
public sealed class EventPipeline(
    KafkaClientConfigs configs,
    IEventTranslator translator,
    ITransientErrorClassifier classifier,
    IOptions<WorkerOptions> options,
    WorkerMetrics metrics,
    ConsumerLagTracker lag,
    WorkerReadiness readiness,
    ILogger<EventPipeline> logger,
    IOptions<DataHubSinkOptions> sink,
    GmsClient gmsClient)
{
    /// <summary>librdkafka <c>statistics.interval.ms</c> unless configured (Kafka:Common/Consumer/Producer): feeds lag and producer-queue metrics.</summary>
    public const int DefaultStatisticsIntervalMs = 5000;

    /// <summary>librdkafka's default <c>message.max.bytes</c>.</summary>
    public const int DefaultMessageMaxBytes = 1_000_000;

    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // While a partition is paused the loop must notice quickly when it may resume: Consume would otherwise sit out
    // its whole timeout when every partition with data is paused.
    private static readonly TimeSpan PausedPollTimeout = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How long the loop may stop taking records (without polling) while the in-flight budget is exhausted before it pauses
    /// every partition and polls again: short enough for rebalance callbacks, long enough that a backlog never pays the
    /// re-fetch a pause costs (in a backlog the budget has room again within milliseconds).
    /// </summary>
    public static readonly TimeSpan HoldBeforePause = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TopicPartition, PartitionWorker> _partitions = [];

    // Workers of lost partitions still stopping (consume thread only): a partition assigned again waits for its old
    // worker, and shutdown waits for all of them, so no stop is left unobserved and two workers never share a partition.
    private readonly Dictionary<TopicPartition, Task> _lostStopping = [];
    private PipelineContext? _context;

    // Read lazily: options are validated by ValidateOnStart before Run, and reading them in the constructor would
    // surface only this section's validation error instead of all of them.
    private WorkerOptions Options => options.Value;
    private CancellationToken _stopping;
    private volatile Error? _fatalError;
    private int _pausedCount;
    private bool _pausedForBudget; // consume thread only: every partition paused until the budget is below half
    private long _holdingSince; // consume thread only: Stopwatch timestamp since the budget stopped the loop taking records; 0 = not holding

    /// <summary>Consumes until <paramref name="stoppingToken"/> is cancelled, then drains, flushes, commits and leaves the group. Blocking.</summary>
    public void Run(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var consumerConfig = configs.Consumer();
        var producerConfig = configs.Producer();
        consumerConfig.StatisticsIntervalMs ??= DefaultStatisticsIntervalMs;
        producerConfig.StatisticsIntervalMs ??= DefaultStatisticsIntervalMs;
        Log.Starting(logger, Options.EventsTopic, Options.GroupId, Options.McpTopic, Options.DeadLetterTopic);
        Log.ClientSettings(logger, "consumer", SecretMasking.Describe(consumerConfig));
        Log.ClientSettings(logger, "producer", SecretMasking.Describe(producerConfig));

        var producer = new ProducerBuilder<byte[]?, byte[]?>(producerConfig)
            .SetErrorHandler((_, error) => OnClientError("producer", error))
            .SetLogHandler((_, message) => ForwardLog("producer", message))
            .SetStatisticsHandler((_, json) => metrics.OnProducerStatistics(json))
            .Build();
        IConsumer<byte[]?, byte[]?>? consumer = null;
        var gms = CreateGmsSink();
        try
        {
            _context = new PipelineContext(producer, translator, classifier, Options, metrics, lag, readiness, logger, OnFatal,
                producerConfig.MessageMaxBytes ?? DefaultMessageMaxBytes, gms);
            consumer = new ConsumerBuilder<byte[]?, byte[]?>(consumerConfig)
                .SetErrorHandler((_, error) => OnClientError("consumer", error))
                .SetLogHandler((_, message) => ForwardLog("consumer", message))
                .SetStatisticsHandler((_, json) => lag.OnStatistics(json))
                .SetPartitionsAssignedHandler((c, partitions) => OnAssigned(c, partitions))
                .SetPartitionsRevokedHandler((c, partitions) => OnRevoked(c, partitions))
                .SetPartitionsLostHandler((c, partitions) => OnLost(c, partitions))
                .Build();
            consumer.Subscribe(Options.EventsTopic);
            ConsumeLoop(consumer, stoppingToken);
        }
        finally
        {
            if (consumer is null)
            {
                producer.Dispose();
            }
            else
            {
                Shutdown(consumer, producer); // disposes both, within Worker:ShutdownTimeout
            }
        }

        if (_fatalError is { } fatal)
        {
            throw new KafkaException(fatal);
        }
    }

    /// <summary>The REST sink's shared part when <c>DataHub:Sink</c> is <c>Rest</c>, else null (MCPs go to the MCP topic).</summary>
    private GmsSink? CreateGmsSink()
    {
        if (sink.Value.Sink != McpSink.Rest)
        {
            return null;
        }

        var rest = sink.Value.Rest;
        Log.RestSink(logger, SecretMasking.MaskUrlUserInfo(rest.ServerUrl), gmsClient.HasToken ? "set" : "none", rest.MaxBatchMcps, rest.MaxConcurrentRequests);
        return new GmsSink(gmsClient, rest);
    }

    private void ConsumeLoop(IConsumer<byte[]?, byte[]?> consumer, CancellationToken stoppingToken)
    {
        var sinceReconcile = Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested && _fatalError is null)
        {
            if (sinceReconcile.Elapsed >= ReconcileInterval)
            {
                Reconcile(consumer);
                sinceReconcile.Restart();
            }

            if (_context!.Budget.Exhausted)
            {
                if (_pausedForBudget)
                {
                    // Partitions assigned or resumed (revoked, lost) since the pause must not bring in more records.
                    PauseAll(consumer);
                }
                else if (Hold(consumer))
                {
                    continue;
                }
            }
            else
            {
                _holdingSince = 0; // "in a row": the hold restarts after any moment with room
            }

            ConsumeResult<byte[]?, byte[]?>? record;
            try
            {
                record = consumer.Consume(_pausedCount > 0 ? PausedPollTimeout : PollTimeout);
            }
            catch (ConsumeException exception)
            {
                Log.ConsumeError(logger, exception.Error.Code, exception.Error.Reason);
                if (exception.Error.IsFatal)
                {
                    OnFatal(exception.Error);
                }

                continue;
            }

            if (record is null || record.IsPartitionEOF)
            {
                continue;
            }

            if (_partitions.TryGetValue(record.TopicPartition, out var worker) && worker.Dispatch(record) && worker.WantsPause() && !worker.Paused)
            {
                SetPaused(consumer, worker, paused: true);
            }
        }
    }

    /// <summary>
    /// The in-flight budget is exhausted: take no record (librdkafka's bounded pre-fetch queue keeps them, no re-fetch)
    /// until the budget has room again, for at most <see cref="HoldBeforePause"/> in a row; after that pause every
    /// partition and poll again, so rebalances and liveness are served while acknowledgements are slow.
    /// Returns true while still holding.
    /// </summary>
    private bool Hold(IConsumer<byte[]?, byte[]?> consumer)
    {
        var budget = _context!.Budget;
        if (_holdingSince == 0)
        {
            _holdingSince = Stopwatch.GetTimestamp();
        }

        var held = Stopwatch.GetElapsedTime(_holdingSince);
        if (held >= HoldBeforePause)
        {
            // Pausing bumps librdkafka's fetch version: records already pre-fetched for these partitions are discarded
            // and fetched again after the resume, so nothing more enters the pipeline meanwhile.
            _holdingSince = 0;
            _pausedForBudget = true;
            Log.BudgetExhausted(logger, budget.Events, budget.Bytes, _partitions.Count);
            PauseAll(consumer);
            return false;
        }

        var wait = HoldBeforePause - held;
        if (budget.WaitForRoom(wait < ReconcileInterval ? wait : ReconcileInterval))
        {
            _holdingSince = 0;
            return false;
        }

        return true;
    }

    /// <summary>Applies what the partitions want (pause/resume) and stores the contiguous completed positions.</summary>
    private void Reconcile(IConsumer<byte[]?, byte[]?> consumer)
    {
        List<TopicPartitionOffset>? toStore = null;
        if (_pausedForBudget && _context!.Budget.MayResume)
        {
            _pausedForBudget = false;
            Log.BudgetAvailable(logger, _context.Budget.Events, _context.Budget.Bytes);
        }

        foreach (var worker in _partitions.Values)
        {
            var wantsPause = _pausedForBudget || worker.WantsPause();
            if (wantsPause != worker.Paused)
            {
                SetPaused(consumer, worker, wantsPause);
            }

            if (worker.Tracker.CommittablePosition is { } position && position > worker.StoredPosition)
            {
                (toStore ??= []).Add(new TopicPartitionOffset(worker.Partition, position));
                worker.StoredPosition = position;
            }
        }

        if (toStore is null)
        {
            return;
        }

        foreach (var offset in toStore)
        {
            try
            {
                consumer.StoreOffset(offset);
            }
            catch (KafkaException exception)
            {
                Log.CommitFailed(logger, exception.Error.Code, exception.Error.Reason);
            }
        }
    }

    private void PauseAll(IConsumer<byte[]?, byte[]?> consumer)
    {
        foreach (var worker in _partitions.Values)
        {
            if (!worker.Paused)
            {
                SetPaused(consumer, worker, paused: true);
            }
        }
    }

    /// <summary>
    /// librdkafka keeps an application pause across unassign and re-assign of the same partition (it resets only its
    /// own rebalance pause), while a re-assigned partition gets a fresh, unpaused <see cref="PartitionWorker"/>: without
    /// this resume a partition paused when it was revoked or lost would never be fetched again after re-assignment.
    /// </summary>
    private void ResumeReleased(IConsumer<byte[]?, byte[]?> consumer, List<PartitionWorker> workers)
    {
        var paused = workers.Where(w => w.Paused).ToList();
        _pausedCount -= paused.Count;
        if (paused.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Resume(paused.Select(w => w.Partition));
        }
        catch (KafkaException exception)
        {
            Log.ConsumeError(logger, exception.Error.Code, exception.Error.Reason);
        }

        foreach (var worker in paused)
        {
            worker.Paused = false;
        }
    }

    private void SetPaused(IConsumer<byte[]?, byte[]?> consumer, PartitionWorker worker, bool paused)
    {
        try
        {
            if (paused)
            {
                consumer.Pause([worker.Partition]);
            }
            else
            {
                consumer.Resume([worker.Partition]);
            }

            worker.Paused = paused;
            _pausedCount += paused ? 1 : -1;
            Log.PauseChanged(logger, worker.Partition.Topic, worker.Partition.Partition.Value, paused ? "paused" : "resumed");
        }
        catch (KafkaException exception)
        {
            Log.ConsumeError(logger, exception.Error.Code, exception.Error.Reason);
        }
    }

    private void OnAssigned(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartition> partitions)
    {
        var previous = partitions.Where(_lostStopping.ContainsKey).Select(p => _lostStopping[p]).ToList();
        if (previous.Count > 0)
        {
            WaitBounded(previous, Options.RevokeDrainTimeout, "a lost partition's previous worker");
        }

        ForgetStopped();
        foreach (var partition in partitions)
        {
            if (!_partitions.ContainsKey(partition))
            {
                _partitions[partition] = new PartitionWorker(partition, _context!, _stopping);
                metrics.AssignedPartitionsChanged(1);
            }
        }

        lag.SetConsumerId(consumer.MemberId);
        readiness.PartitionsAssigned(_partitions.Count);
        if (partitions.Count > 0)
        {
            metrics.Rebalanced("assigned");
            Log.PartitionsAssigned(logger, Describe(partitions));
        }
    }

    private void OnRevoked(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var workers = Take(partitions.Select(p => p.TopicPartition));
        ResumeReleased(consumer, workers);
        if (workers.Count == 0)
        {
            return; // e.g. during Close, after Shutdown already drained and committed everything
        }

        metrics.Rebalanced("revoked");
        var committed = DrainAndCommit(consumer, workers, Options.RevokeDrainTimeout);
        Log.PartitionsRevoked(logger, Describe(partitions.Select(p => p.TopicPartition)), committed);
    }

    private void OnLost(IConsumer<byte[]?, byte[]?> consumer, List<TopicPartitionOffset> partitions)
    {
        var workers = Take(partitions.Select(p => p.TopicPartition));
        ResumeReleased(consumer, workers);
        foreach (var worker in workers)
        {
            // Never waited for here: the group has already given these partitions away, so their processing is
            // cancelled and its outcome observed later (re-assignment or shutdown), not on the rebalance path.
            _lostStopping[worker.Partition] = worker.StopAsync(Options.RevokeDrainTimeout);
            Release(worker);
        }

        metrics.Rebalanced("lost");
        readiness.PartitionsLost();
        Log.PartitionsLost(logger, Describe(partitions.Select(p => p.TopicPartition)));
    }

    private List<PartitionWorker> Take(IEnumerable<TopicPartition> partitions)
    {
        var taken = new List<PartitionWorker>();
        foreach (var partition in partitions)
        {
            if (_partitions.Remove(partition, out var worker))
            {
                taken.Add(worker);
            }
        }

        return taken;
    }

    /// <summary>
    /// Stops the partitions' processing, waits (bounded) for the delivery reports of what was already produced, commits
    /// the contiguous completed positions synchronously and forgets the partitions.
    /// </summary>
    private string DrainAndCommit(IConsumer<byte[]?, byte[]?> consumer, List<PartitionWorker> workers, TimeSpan bound)
    {
        if (workers.Count == 0)
        {
            return "nothing";
        }

        // The revoke callback must commit before it returns (librdkafka hands the partitions over then), so it waits,
        // once, bounded, for processing to stop and for the delivery reports of what was produced: no polling.
        WaitBounded([.. workers.Select(DrainAsync)], bound, "revoked partitions to drain");

        var offsets = workers
            .Where(w => w.Tracker.CommittablePosition is { } position && position > 0)
            .Select(w => new TopicPartitionOffset(w.Partition, w.Tracker.CommittablePosition!.Value))
            .ToList();
        if (offsets.Count > 0)
        {
            try
            {
                // Store first: with auto-commit on, librdkafka commits the *stored* offsets again on revoke and close,
                // which would move the group back to an older position if only the explicit commit had the new one.
                foreach (var offset in offsets)
                {
                    consumer.StoreOffset(offset);
                }

                consumer.Commit(offsets);
            }
            catch (KafkaException exception)
            {
                Log.CommitFailed(logger, exception.Error.Code, exception.Error.Reason);
            }
        }

        foreach (var worker in workers)
        {
            Release(worker);
        }

        return offsets.Count == 0 ? "nothing" : string.Join(", ", offsets.Select(o => $"{o.Topic}[{o.Partition.Value}]@{o.Offset.Value}"));
    }

    private static async Task DrainAsync(PartitionWorker worker)
    {
        await worker.StopAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        await worker.DeliveriesDrainedAsync().ConfigureAwait(false);
    }

    /// <summary>Blocks the consume thread at most <paramref name="bound"/>; faults are logged, never thrown into librdkafka's callback.</summary>
    private void WaitBounded(IReadOnlyCollection<Task> tasks, TimeSpan bound, string what)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var all = Task.WhenAll(tasks);
        try
        {
            if (!all.Wait(bound > TimeSpan.Zero ? bound : TimeSpan.Zero))
            {
                Log.WaitTimedOut(logger, what, bound);
            }
        }
        catch (AggregateException exception)
        {
            Log.WaitFailed(logger, what, exception.GetBaseException());
        }
    }

    private void ForgetStopped()
    {
        foreach (var (partition, stop) in _lostStopping.ToList())
        {
            if (stop.IsCompleted)
            {
                _lostStopping.Remove(partition);
            }
        }
    }

    private void Release(PartitionWorker worker)
    {
        var unfinished = worker.Abandon();
        metrics.AssignedPartitionsChanged(-1);
        if (unfinished.Count > 0)
        {
            Log.UnfinishedOnRelease(logger, worker.Partition.Topic, worker.Partition.Partition.Value, unfinished.Count, unfinished[0], unfinished[^1]);
        }
    }

    /// <summary>
    /// Stops the partitions, flushes the producer, commits what was acknowledged, leaves the group and disposes both
    /// clients, all within <see cref="WorkerOptions.ShutdownTimeout"/>. librdkafka's synchronous commit and Close have no
    /// timeout of their own (with the brokers gone they wait for the group coordinator, up to socket.timeout.ms and
    /// more), so they run on a helper thread that is abandoned at the bound: the process can exit, and whatever was not
    /// committed is consumed again (at-least-once).
    /// </summary>
    private void Shutdown(IConsumer<byte[]?, byte[]?> consumer, IProducer<byte[]?, byte[]?> producer)
    {
        var bound = Options.ShutdownTimeout;
        Log.Stopping(logger, bound);
        readiness.Stopping();
        var deadline = Stopwatch.StartNew();
        TimeSpan Remaining(TimeSpan reserve) => bound - reserve - deadline.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

        // A quarter of the bound (at most 5 s) stays for the commit and Close, so a flush that cannot finish leaves them time.
        var commitReserve = TimeSpan.FromTicks(Math.Min(bound.Ticks / 4, TimeSpan.FromSeconds(5).Ticks));
        var workers = Take([.. _partitions.Keys]);
        WaitBounded([.. workers.Select(w => w.StopAsync(Remaining(commitReserve))), .. _lostStopping.Values], Remaining(commitReserve), "partition processing to stop");
        _lostStopping.Clear();
        var undelivered = producer.Flush(Remaining(commitReserve));
        if (_context?.Gms is not null)
        {
            // REST sink: requests already sent (or queued) to GMS get their answers, within the same bound.
            WaitBounded([.. workers.Select(w => w.DeliveriesDrainedAsync())], Remaining(commitReserve), "GMS to answer the requests under way");
            undelivered += workers.Sum(w => w.OutstandingDeliveries);
        }

        if (undelivered > 0)
        {
            Log.UndeliveredAtShutdown(logger, undelivered);
        }

        var finish = Task.Factory.StartNew(
            () =>
            {
                var committed = DrainAndCommit(consumer, workers, TimeSpan.Zero);
                Log.Stopped(logger, committed);
                try
                {
                    consumer.Close();
                }
                catch (KafkaException exception)
                {
                    Log.ConsumeError(logger, exception.Error.Code, exception.Error.Reason);
                }

                consumer.Dispose();
                producer.Dispose();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (!finish.Wait(Remaining(TimeSpan.Zero)))
        {
            Log.ShutdownBoundReached(logger, bound);
        }

        foreach (var worker in workers)
        {
            worker.EndOpenSpans("worker stopped");
        }
    }

    private void OnFatal(Error error)
    {
        if (_fatalError is null)
        {
            _fatalError = error;
            Log.FatalError(logger, error.Code, error.Reason);
        }
    }

    private void OnClientError(string client, Error error)
    {
        Log.ClientError(logger, client, error.Code, error.Reason, error.IsFatal);
        if (error.IsFatal)
        {
            OnFatal(error);
        }
    }

    private void ForwardLog(string client, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical or SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
#pragma warning disable CA1848, CA2254 // librdkafka's own log lines are forwarded as they come
        logger.Log(level, "librdkafka {Client} {Facility}: {Message}", client, message.Facility, message.Message);
#pragma warning restore CA1848, CA2254
    }

    private static string Describe(IEnumerable<TopicPartition> partitions) =>
        string.Join(", ", partitions.Select(p => $"{p.Topic}[{p.Partition.Value}]"));
}
