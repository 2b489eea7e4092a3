using Confluent.Kafka;
using System.Net;
using Confluent.SchemaRegistry;

namespace MlEvents.Client;

/// <summary>
/// An event could not be published. <see cref="EventId"/> names it; <see cref="KafkaError"/> carries librdkafka's error for
/// delivery failures. Invalid events never get here: they are rejected with <c>EventValidationException</c> before sending.
/// </summary>
public sealed class PublishException : Exception
{
    private static readonly HashSet<ErrorCode> TransientKafkaErrors =
    [
        ErrorCode.Local_MsgTimedOut, ErrorCode.Local_Transport, ErrorCode.Local_AllBrokersDown, ErrorCode.Local_TimedOut,
        ErrorCode.Local_TimedOutQueue, ErrorCode.Local_QueueFull, ErrorCode.Local_Resolve, ErrorCode.RequestTimedOut,
        ErrorCode.NotEnoughReplicas, ErrorCode.NotEnoughReplicasAfterAppend, ErrorCode.LeaderNotAvailable,
        ErrorCode.NotLeaderForPartition, ErrorCode.NetworkException, ErrorCode.BrokerNotAvailable,
        ErrorCode.Local_UnknownPartition, ErrorCode.Local_PurgeQueue, ErrorCode.Local_PurgeInflight,
    ];

    /// <summary>Creates the exception; <paramref name="reason"/> ends the message.</summary>
    public PublishException(string eventId, string eventType, string key, PublishFailure failure, string reason, Error? kafkaError = null, Exception? innerException = null)
        : base($"Event {eventId} ({eventType}, key {key}) was not published: {reason}", innerException)
    {
        EventId = eventId;
        EventType = eventType;
        Key = key;
        Failure = failure;
        Reason = reason;
        KafkaError = kafkaError;
    }

    /// <summary>The id of the event that was not published.</summary>
    public string EventId { get; }

    /// <summary>The payload type, e.g. RunFinished.</summary>
    public string EventType { get; }

    /// <summary>The Kafka key the event had.</summary>
    public string Key { get; }

    /// <summary>Which step failed: registry, encoding, or Kafka delivery.</summary>
    public PublishFailure Failure { get; }

    /// <summary>Why, including librdkafka's or the registry's error.</summary>
    public string Reason { get; }

    /// <summary>librdkafka's error when <see cref="Failure"/> is <see cref="PublishFailure.Delivery"/>.</summary>
    public Error? KafkaError { get; }

    /// <summary>
    /// True when publishing the same event again later may succeed (registry or brokers unreachable, timeouts);
    /// false for permanent problems (schema rejected, authorization, message too large).
    /// </summary>
    public bool IsTransient => Failure switch
    {
        PublishFailure.SchemaRegistry => IsRegistryUnavailable(InnerException),
        PublishFailure.Delivery => KafkaError is { IsFatal: false } error && TransientKafkaErrors.Contains(error.Code),
        _ => false,
    };

    /// <summary>True when the failure means the registry or the brokers could not be reached at all.</summary>
    public bool IsUnreachable => Failure switch
    {
        PublishFailure.SchemaRegistry => IsRegistryUnavailable(InnerException),
        PublishFailure.Delivery => KafkaError?.Code is ErrorCode.Local_MsgTimedOut or ErrorCode.Local_AllBrokersDown
            or ErrorCode.Local_Transport or ErrorCode.Local_Resolve or ErrorCode.Local_TimedOut,
        _ => false,
    };

    /// <summary>
    /// Confluent's registry client failed without an answer (unreachable, timeout) or with one that says "later" (5xx but 501,
    /// 408, 429) after its retries. Its SchemaRegistryException is an HttpRequestException, also for a 404.
    /// </summary>
    internal static bool IsRegistryUnavailable(Exception? exception) => exception switch
    {
        SchemaRegistryException { Status: var status } =>
            status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || ((int)status >= 500 && status != HttpStatusCode.NotImplemented),
        HttpRequestException or TimeoutException or TaskCanceledException => true,
        _ => false,
    };
}
