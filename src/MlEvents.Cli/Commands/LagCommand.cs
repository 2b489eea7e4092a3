using System.CommandLine;
using Confluent.Kafka;
using MlEvents.Cli.Conventions;
using MlEvents.Observability.GroupLag;
using MlEvents.Worker.Configuration;

namespace MlEvents.Cli;

/// <summary>
/// <c>mlevents lag --group G --bootstrap-servers B [--topic T]...</c>: per-partition committed offset, log-end offset and
/// lag of a consumer group, like <c>kafka-consumer-groups --describe</c>. It never joins the group and never lists groups
/// (ListConsumerGroups would crash librdkafka's mock cluster).
/// </summary>
internal static class LagCommand
{
    public const string TopicVariable = PublishConnectionOptions.TopicVariable;

    public const string Summary = "Print committed offset, log-end offset and lag per partition of a consumer group.";

    private const string Help = """
        Print committed offset, log-end offset and lag per partition of a consumer group (like kafka-consumer-groups
        --describe). It reads the group's committed offsets without joining it, so the worker is not disturbed.

        Exit codes: 0 printed; 1 Kafka refused (e.g. unknown topic); 2 wrong command line; 3 Kafka unreachable.

        Examples:
          mlevents lag --group mlevents-worker --bootstrap-servers localhost:9092
          MLEVENTS_BOOTSTRAP_SERVERS=kafka:9092 mlevents lag -g mlevents-worker -t mlevents.events --timeout 5s
          mlevents lag -g mlevents-worker -b kafka:9093 --kafka-config client.properties
        """;

    public static Command Create()
    {
        var defaultTopic = new WorkerOptions().EventsTopic;
        var kafka = new KafkaConnectionOptions(TimeSpan.FromSeconds(10), "How long each request to Kafka may take");
        var group = new Option<string>("--group", "-g")
        {
            Description = "Consumer group id (the worker's Worker:GroupId, default mlevents-worker)",
            HelpName = "id",
            Required = true,
        };
        var topics = new Option<string[]>("--topic", "-t")
        {
            Description = $"Topic to describe (repeatable) [env {TopicVariable}; default {defaultTopic}, the worker's input]",
            HelpName = "name",
        };

        var command = new Command("lag", Help) { group };
        foreach (var option in kafka.All.Prepend(topics)) command.Options.Add(option);
        command.Action = new CliAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var groupId = parseResult.GetRequiredValue(group);
            var bootstrap = kafka.BootstrapServersOf(parseResult)!;
            var settings = kafka.Settings(parseResult);
            foreach (var warning in PlaintextCredentials.ForKafka(settings))
            {
                await error.WriteLineAsync($"warning: {warning}");
            }

            string[] topicNames = parseResult.GetValue(topics) is { Length: > 0 } given
                ? given
                : [Environment.GetEnvironmentVariable(TopicVariable) is { Length: > 0 } fromVariable ? fromVariable : defaultTopic];
            try
            {
                var reader = new ConsumerGroupLagReader(bootstrap, settings, kafka.Timeout.Value(parseResult));
                var rows = await reader.ReadAsync(groupId, topicNames, cancellationToken);
                await output.WriteAsync(ConsumerGroupLagTable.Render(groupId, rows));
                return (int)ExitCode.Ok;
            }
            catch (KafkaException exception) when (Unreachable.IsConnectionError(exception.Error))
            {
                await error.WriteLineAsync($"error: {Unreachable.Kafka(bootstrap, exception.Error.Reason)}");
                return (int)ExitCode.Unreachable;
            }
            catch (KafkaException exception)
            {
                await error.WriteLineAsync($"error: Kafka at {bootstrap}: {exception.Error.Reason}");
                return (int)ExitCode.Failed;
            }
            catch (ArgumentException exception)
            {
                throw new UsageException(exception.Message);
            }
        }, kafka.Missing);
        return command;
    }
}
