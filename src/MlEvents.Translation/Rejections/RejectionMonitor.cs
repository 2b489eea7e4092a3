using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Translation.Serdes;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Worker.Rejections;

/// <summary>
/// Reads DataHub's failed-MCP topic in its own consumer group and reports every MCP of this worker that GMS refused: one
/// error log line (event id, entity URN, aspect, DataHub's error, first line) and
/// <c>mlevents_datahub_rejected_mcps_total{entity_type,aspect}</c>. Records of other producers are read and ignored.
/// A missing topic is a warning (the monitor keeps polling; GMS creates the topic with its first failure).
/// </summary>
/// <remarks>
/// Options and the registry client are resolved when the service runs, not when the host builds it, so that invalid
/// settings of every section are reported together by the start-up validation.
/// </remarks>
public sealed class RejectionMonitor(
    IOptions<RejectionMonitorOptions> options,
    KafkaClientConfigs configs,
    IServiceProvider services,
    WorkerMetrics metrics,
    ILogger<RejectionMonitor> logger) : BackgroundService
{
    private RejectionMonitorOptions _options = null!;
    private FailedMcpDecoder _decoder = null!;
    private bool _missingReported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _options = options.Value;
        if (!_options.Enabled)
        {
            RejectionLog.Disabled(logger);
            return;
        }

        _decoder = new FailedMcpDecoder(services.GetRequiredService<ISchemaRegistryClient>());
        // Consume blocks: a thread of its own (decoding awaits only on a registry miss), and the host finishes starting.
        await Task.Factory.StartNew(() => ConsumeLoopAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            .Unwrap().ConfigureAwait(false);
    }

    private async Task ConsumeLoopAsync(CancellationToken stoppingToken)
    {
        RejectionLog.Starting(logger, _options.Topic, _options.GroupId);
        WarnIfTopicMissing();

        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(ConsumerConfig())
            .SetErrorHandler((_, error) => OnError(error))
            .SetLogHandler((_, _) => { })
            .Build();
        consumer.Subscribe(_options.Topic);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]?>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(250));
                }
                catch (KafkaException e) // ConsumeException included: reported, never fatal to the worker
                {
                    OnError(e.Error);
                    await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (result is null || result.IsPartitionEOF)
                {
                    continue;
                }

                if (!await HandleAsync(result, stoppingToken).ConfigureAwait(false))
                {
                    TrySeek(consumer, result.TopicPartitionOffset); // the registry did not answer: read it again
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>False when the record must be read again (schema registry unreachable).</summary>
    private async Task<bool> HandleAsync(ConsumeResult<byte[]?, byte[]?> result, CancellationToken stoppingToken)
    {
        RejectedMcp? rejection;
        string? problem;
        try
        {
            (rejection, problem) = await _decoder.DecodeAsync(result).ConfigureAwait(false);
        }
        catch (Exception e) when (SchemaRegistryErrors.IsTransient(e))
        {
            RejectionLog.RegistryUnavailable(logger, result.Topic, result.Partition.Value, result.Offset.Value, _options.RetryDelay, e.Message);
            await Task.Delay(_options.RetryDelay, stoppingToken).ConfigureAwait(false);
            return false;
        }

        if (rejection is null)
        {
            RejectionLog.Unreadable(logger, result.Topic, result.Partition.Value, result.Offset.Value, problem ?? "unknown");
            metrics.FailedMcpRecordRead("unreadable");
            return true;
        }

        var failure = rejection.Failure;
        var aspect = failure.AspectName ?? RejectedMcp.Unknown;
        if (!rejection.IsOurs)
        {
            RejectionLog.OtherProducer(logger, failure.EntityUrn ?? RejectedMcp.Unknown, aspect, result.Topic, result.Partition.Value, result.Offset.Value);
            metrics.FailedMcpRecordRead("other");
            return true;
        }

        metrics.FailedMcpRecordRead("mlevents");
        metrics.McpRejected(failure.EntityType.Length > 0 ? failure.EntityType : RejectedMcp.Unknown, aspect);
        RejectionLog.Rejected(logger, rejection.EventId ?? RejectedMcp.Unknown, rejection.EventType ?? RejectedMcp.Unknown,
            failure.EntityUrn ?? RejectedMcp.Unknown, aspect, failure.ChangeType, failure.ErrorFirstLine(_options.MaxErrorLength),
            result.Topic, result.Partition.Value, result.Offset.Value);
        return true;
    }

    private void TrySeek(IConsumer<byte[]?, byte[]?> consumer, TopicPartitionOffset position)
    {
        try
        {
            consumer.Seek(position);
        }
        catch (KafkaException e) // the partition went to another member meanwhile: it reads the record
        {
            OnError(e.Error);
        }
    }

    private ConsumerConfig ConsumerConfig()
    {
        var config = configs.Consumer();
        config.GroupId = _options.GroupId;
        config.EnableAutoOffsetStore = true;
        config.EnableAutoCommit = true;
        config.AutoOffsetReset = _options.StartFrom == RejectionStartFrom.Earliest ? AutoOffsetReset.Earliest : AutoOffsetReset.Latest;
        config.ClientId = (config.ClientId ?? "mlevents-worker") + "-rejections";
        return config;
    }

    private void WarnIfTopicMissing()
    {
        try
        {
            using var admin = new AdminClientBuilder(configs.Admin()).SetLogHandler((_, _) => { }).Build();
            var described = admin.GetMetadata(_options.Topic, TimeSpan.FromSeconds(5)).Topics.FirstOrDefault(t => t.Topic == _options.Topic);
            if (described is null || described.Error.Code == ErrorCode.UnknownTopicOrPart || described.Partitions.Count == 0)
            {
                ReportMissing();
            }
        }
        catch (KafkaException e)
        {
            RejectionLog.ConsumerError(logger, _options.Topic, e.Error.Code.ToString(), e.Error.Reason);
        }
    }

    private void OnError(Error error)
    {
        if (error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.TopicException)
        {
            ReportMissing();
            return;
        }

        RejectionLog.ConsumerError(logger, _options.Topic, error.Code.ToString(), error.Reason);
    }

    private void ReportMissing()
    {
        if (!_missingReported)
        {
            _missingReported = true;
            RejectionLog.TopicMissing(logger, _options.Topic);
        }
    }
}
