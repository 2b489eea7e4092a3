using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace MlEvents.Worker.Pipeline;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Worker starting: consuming {EventsTopic} as group {GroupId}, producing to {McpTopic}, dead letters to {DeadLetterTopic}")]
    public static partial void Starting(ILogger logger, string eventsTopic, string groupId, string mcpTopic, string deadLetterTopic);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Kafka {Client} settings: {Settings}")]
    public static partial void ClientSettings(ILogger logger, string client, string settings);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Partitions assigned: {Partitions}")]
    public static partial void PartitionsAssigned(ILogger logger, string partitions);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Partitions revoked: {Partitions}; drained and committed {Committed}")]
    public static partial void PartitionsRevoked(ILogger logger, string partitions, string committed);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Partitions lost: {Partitions}; their in-flight work is abandoned without committing (it will be redelivered)")]
    public static partial void PartitionsLost(ILogger logger, string partitions);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "{Topic}[{Partition}]: {Count} events not fully acknowledged when released (offsets {FirstOffset}..{LastOffset}); they will be consumed again")]
    public static partial void UnfinishedOnRelease(ILogger logger, string topic, int partition, int count, long firstOffset, long lastOffset);

    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Dead-lettering {Topic}[{Partition}]@{Offset} to {DeadLetterTopic}: stage {Stage}, reason {ReasonCategory}: {Reason}, exception {ExceptionType}")]
    public static partial void DeadLettered(ILogger logger, string topic, int partition, long offset, string stage, string reasonCategory, string reason, string exceptionType, string deadLetterTopic);

    [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "Dead-letter record of {Topic}[{Partition}]@{Offset} refused as too large; producing one with the error headers only: {Reason}")]
    public static partial void DeadLetterRefused(ILogger logger, string topic, int partition, long offset, string reason);

    [LoggerMessage(EventId = 126, Level = LogLevel.Error, Message = "Skipping {Topic}[{Partition}]@{Offset}: the broker refused its dead-letter record {Rounds} times as too large, even without the input's key, value and headers ({Reason}); the event is NOT on the dead-letter topic, read it from the input topic at this offset")]
    public static partial void EventSkipped(ILogger logger, string topic, int partition, long offset, int rounds, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Warning, Message = "Transient failure translating {Topic}[{Partition}]@{Offset} (attempt {Attempt}), partition paused, retrying in {Delay}: {ExceptionType}: {ExceptionMessage}")]
    public static partial void TransientTranslationFailure(ILogger logger, string topic, int partition, long offset, int attempt, TimeSpan delay, string exceptionType, string exceptionMessage);

    [LoggerMessage(EventId = 122, Level = LogLevel.Error, Message = "Delivery to {TargetTopic} failed for input {Topic}[{Partition}]@{Offset}: {ErrorCode} {ErrorReason}")]
    public static partial void DeliveryFailed(ILogger logger, string targetTopic, string topic, int partition, long offset, ErrorCode errorCode, string errorReason);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "Re-producing {Records} failed records of {Events} events of {Topic}[{Partition}] (oldest offset {Offset}, attempt {Attempt}) in {Delay}; partition paused meanwhile")]
    public static partial void DeliveryRetry(ILogger logger, string topic, int partition, long offset, int records, int events, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 124, Level = LogLevel.Critical, Message = "Processing of {Topic}[{Partition}] stopped by an unexpected error; its offsets no longer advance")]
    public static partial void PartitionProcessingCrashed(ILogger logger, string topic, int partition, Exception exception);

    [LoggerMessage(EventId = 130, Level = LogLevel.Warning, Message = "Consume error: {ErrorCode} {ErrorReason}")]
    public static partial void ConsumeError(ILogger logger, ErrorCode errorCode, string errorReason);

    [LoggerMessage(EventId = 131, Level = LogLevel.Warning, Message = "Kafka {Client} error: {ErrorCode} {ErrorReason} (fatal: {IsFatal})")]
    public static partial void ClientError(ILogger logger, string client, ErrorCode errorCode, string errorReason, bool isFatal);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Storing or committing offsets failed: {ErrorCode} {ErrorReason}")]
    public static partial void CommitFailed(ILogger logger, ErrorCode errorCode, string errorReason);

    [LoggerMessage(EventId = 133, Level = LogLevel.Critical, Message = "Fatal Kafka error {ErrorCode} {ErrorReason}: the worker stops; nothing past unacknowledged records was committed")]
    public static partial void FatalError(ILogger logger, ErrorCode errorCode, string errorReason);

    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "Worker stopping: flushing the producer (up to {Timeout})")]
    public static partial void Stopping(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 141, Level = LogLevel.Information, Message = "Worker stopped: committed {Committed}")]
    public static partial void Stopped(ILogger logger, string committed);

    [LoggerMessage(EventId = 142, Level = LogLevel.Error, Message = "Worker stopped with {Count} produced records still undelivered after the shutdown bound; their inputs were not committed and will be consumed again")]
    public static partial void UndeliveredAtShutdown(ILogger logger, int count);

    [LoggerMessage(EventId = 143, Level = LogLevel.Warning, Message = "Worker stopped at Worker:ShutdownTimeout ({Timeout}) before committing and leaving the group finished (brokers unreachable?); events not committed will be consumed again")]
    public static partial void ShutdownBoundReached(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 150, Level = LogLevel.Debug, Message = "{Topic}[{Partition}] {Action}")]
    public static partial void PauseChanged(ILogger logger, string topic, int partition, string action);

    [LoggerMessage(EventId = 151, Level = LogLevel.Debug, Message = "In-flight budget reached for a second ({Events} events, {Bytes} bytes): pausing all {Partitions} partitions")]
    public static partial void BudgetExhausted(ILogger logger, long events, long bytes, int partitions);

    [LoggerMessage(EventId = 152, Level = LogLevel.Debug, Message = "In-flight budget below half ({Events} events, {Bytes} bytes): partitions may resume")]
    public static partial void BudgetAvailable(ILogger logger, long events, long bytes);

    [LoggerMessage(EventId = 171, Level = LogLevel.Warning, Message = "Waited {Bound} for {What}; going on without it (unfinished events are redelivered)")]
    public static partial void WaitTimedOut(ILogger logger, string what, TimeSpan bound);

    [LoggerMessage(EventId = 172, Level = LogLevel.Error, Message = "Waiting for {What} failed")]
    public static partial void WaitFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 180, Level = LogLevel.Information, Message = "DataHub sink: REST to GMS at {ServerUrl} (token: {TokenState}, batches of up to {MaxBatchMcps} MCPs, {MaxConcurrentRequests} requests at once); dead letters stay on Kafka")]
    public static partial void RestSink(ILogger logger, string serverUrl, string tokenState, int maxBatchMcps, int maxConcurrentRequests);

    [LoggerMessage(EventId = 181, Level = LogLevel.Warning, Message = "GMS request for {Topic}[{Partition}] ({Events} events, {Mcps} MCPs, oldest offset {Offset}) failed transiently: {Answer}; partition paused, retrying with backoff")]
    public static partial void GmsTransient(ILogger logger, string topic, int partition, int events, int mcps, long offset, string answer);

    [LoggerMessage(EventId = 182, Level = LogLevel.Error, Message = "GMS at {ServerUrl} answered {Answer}: a configuration problem (DataHub:Rest:Token / DATAHUB_GMS_TOKEN, the token's privileges, or DataHub:Rest:ServerUrl not pointing at GMS). Nothing is dead-lettered; {Topic}[{Partition}] is paused and retried until it is fixed")]
    public static partial void GmsMisconfigured(ILogger logger, string serverUrl, string answer, string topic, int partition);

    [LoggerMessage(EventId = 183, Level = LogLevel.Information, Message = "GMS refused a batch of {Events} events of {Topic}[{Partition}] ({Answer}); sending each event alone to find the one(s) it refuses")]
    public static partial void GmsIsolating(ILogger logger, string topic, int partition, int events, string answer);
}
