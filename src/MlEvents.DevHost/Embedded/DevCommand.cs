using System.CommandLine;

namespace MlEvents.DevHost.Embedded;

/// <summary>
/// <c>mlevents dev</c>: Kafka (librdkafka mock cluster) and a schema registry as a standing local process, with the worker's
/// topics created, until Ctrl+C or SIGTERM. Other processes (the worker, the CLI, a training script) connect to what it prints.
/// </summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers")
        {
            Description = "Number of Kafka (mock) brokers; librdkafka picks their ports.",
            DefaultValueFactory = _ => 3,
        };
        var registryPort = new Option<int>("--registry-port")
        {
            Description = "Port of the schema registry on 127.0.0.1 (0 = any free port).",
            DefaultValueFactory = _ => 8081,
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of each created topic.",
            DefaultValueFactory = _ => 4,
        };
        var defaults = new EmbeddedEnvironmentOptions();
        var eventsTopic = new Option<string>("--events-topic") { Description = "Events topic to create.", DefaultValueFactory = _ => defaults.EventsTopic };
        var mcpTopic = new Option<string>("--mcp-topic") { Description = "MCP topic to create.", DefaultValueFactory = _ => defaults.McpTopic };
        var deadLetterTopic = new Option<string>("--dead-letter-topic") { Description = "Dead-letter topic to create.", DefaultValueFactory = _ => defaults.DeadLetterTopic };

        var command = new Command("dev", "Run Kafka and a schema registry in this process for local development, until Ctrl+C.")
        {
            brokers, registryPort, partitions, eventsTopic, mcpTopic, deadLetterTopic,
        };
        command.SetAction((parseResult, cancellationToken) => DevEnvironmentRunner.RunAsync(
            new EmbeddedEnvironmentOptions
            {
                BrokerCount = parseResult.GetValue(brokers),
                RegistryPort = parseResult.GetValue(registryPort),
                Partitions = parseResult.GetValue(partitions),
                EventsTopic = parseResult.GetRequiredValue(eventsTopic),
                McpTopic = parseResult.GetRequiredValue(mcpTopic),
                DeadLetterTopic = parseResult.GetRequiredValue(deadLetterTopic),
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }
}
