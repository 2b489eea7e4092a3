using Confluent.Kafka;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;

namespace MlEvents.Worker.Startup;

/// <summary>
/// Brokers reachable and the three topics present (two with the REST sink: no MCP topic), by metadata requests with a short timeout (metadata works everywhere,
/// including librdkafka's mock cluster, where the admin Describe* calls do not).
/// </summary>
public sealed class KafkaStartupCheck(
    KafkaClientConfigs configs, IOptions<KafkaOptions> kafka, IOptions<WorkerOptions> worker, IOptions<DataHubSinkOptions>? sink = null) : IStartupCheck
{
    public string Name => "Kafka";

    public Task CheckAsync(CancellationToken cancellationToken) => Task.Run(Check, cancellationToken);

    private void Check()
    {
        var timeout = worker.Value.StartupCheckTimeout;
        var bootstrap = kafka.Value.BootstrapServers;
        using var admin = new AdminClientBuilder(configs.Admin()).SetLogHandler((_, _) => { }).Build();
        var missing = new List<string>();
        foreach (var (setting, topic) in Topics())
        {
            Metadata metadata;
            try
            {
                metadata = admin.GetMetadata(topic, timeout);
            }
            catch (KafkaException exception)
            {
                throw new StartupCheckException(
                    $"cannot reach the Kafka brokers at \"{bootstrap}\" within {timeout.TotalSeconds:0.#} s ({exception.Error.Code}: {exception.Error.Reason}). "
                    + "Check Kafka__BootstrapServers, that the brokers are up and reachable from here, and the security settings "
                    + "(Kafka__Common__security.protocol, Kafka__Common__sasl.mechanism, ...).",
                    exception);
            }

            if (metadata.Brokers.Count == 0)
            {
                throw new StartupCheckException($"the Kafka cluster at \"{bootstrap}\" returned no brokers. Check Kafka__BootstrapServers.");
            }

            var described = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (described is null || described.Error.Code == ErrorCode.UnknownTopicOrPart || described.Partitions.Count == 0)
            {
                missing.Add($"\"{topic}\" ({setting})");
            }
            else if (described.Error.IsError)
            {
                throw new StartupCheckException(
                    $"topic \"{topic}\" ({setting}) is not usable: {described.Error.Code} {described.Error.Reason}. Check the ACLs of the worker's principal.");
            }
        }

        if (missing.Count > 0)
        {
            throw new StartupCheckException(
                $"topic(s) {string.Join(", ", missing)} do not exist on \"{bootstrap}\". Create them "
                + "(e.g. kafka-topics.sh --create --topic NAME --partitions N --replication-factor 3) or point the settings at existing topics.");
        }
    }

    private IEnumerable<(string Setting, string Topic)> Topics()
    {
        yield return ("Worker__EventsTopic", worker.Value.EventsTopic);
        if (sink?.Value.Sink != McpSink.Rest) // the REST sink sends MCPs to GMS: the MCP topic need not exist
        {
            yield return ("Worker__McpTopic", worker.Value.McpTopic);
        }

        yield return ("Worker__DeadLetterTopic", worker.Value.DeadLetterTopic);
    }
}
