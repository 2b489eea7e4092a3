using Confluent.Kafka;

namespace MlEvents.Client;

/// <summary>
/// The start-up check of Kafka: a short-lived admin client with the producer's settings asks for the topic's metadata.
/// The first connection failure librdkafka reports (refused, unresolvable host, authentication, TLS) ends the check at
/// once with librdkafka's own text, which names the broker address.
/// </summary>
internal static class KafkaConnectivity
{
    private static readonly HashSet<ErrorCode> ConnectFailures =
    [
        // Not Local_Transport or Local_Resolve: those concern one broker of possibly several; all of them failing is
        // Local_AllBrokersDown, which follows at once (its own text is only "1/1 brokers are down", hence `seen`).
        ErrorCode.Local_AllBrokersDown, ErrorCode.Local_Authentication, ErrorCode.Local_Ssl,
        ErrorCode.SaslAuthenticationFailed, ErrorCode.Local_Fatal,
        ErrorCode.TopicAuthorizationFailed, ErrorCode.ClusterAuthorizationFailed,
    ];

    public static async Task CheckAsync(ProducerConfig producerConfig, string topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = new AdminClientConfig(producerConfig);
        var firstFailure = new TaskCompletionSource<Error>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<Error>();
        var admin = new AdminClientBuilder(config)
            .SetErrorHandler((_, error) =>
            {
                lock (seen) seen.Add(error);
                if (error.IsFatal || ConnectFailures.Contains(error.Code)) firstFailure.TrySetResult(error);
            })
            .SetLogHandler((_, _) => { })
            .Build();
        var metadata = Task.Run(() => admin.GetMetadata(topic, timeout), CancellationToken.None);
        // The admin client goes when its blocking metadata call returns, whichever way the check ends.
        _ = metadata.ContinueWith(_ => admin.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

        var first = await Task.WhenAny(metadata, firstFailure.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first == firstFailure.Task)
        {
            var error = await firstFailure.Task.ConfigureAwait(false);
            throw Failure(config.BootstrapServers, error, seen);
        }
        Metadata result;
        try
        {
            result = await metadata.ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            throw Failure(config.BootstrapServers, e.Error, seen, e);
        }
        var topicError = result.Topics.FirstOrDefault(t => t.Topic == topic)?.Error;
        if (topicError is { IsError: true } && topicError.Code is not (ErrorCode.UnknownTopicOrPart or ErrorCode.LeaderNotAvailable))
        {
            throw Failure(config.BootstrapServers, topicError, [], detail: $"topic '{topic}': ");
        }
    }

    private static ConnectivityException Failure(string address, Error error, List<Error> seen, Exception? inner = null, string detail = "")
    {
        List<Error> causes;
        lock (seen) causes = [.. seen.Where(e => e.Reason != error.Reason).DistinctBy(e => e.Reason).TakeLast(3)];
        var reason = $"{detail}{error.Code}: {error.Reason}" + string.Concat(causes.Select(c => $"; {c.Code}: {c.Reason}"));
        return new ConnectivityException("Kafka", address, reason, causes.LastOrDefault() is { } cause && error.Code == ErrorCode.Local_AllBrokersDown ? cause : error, inner);
    }
}
