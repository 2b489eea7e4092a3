using System.CommandLine;
using MlEvents.Cli.Conventions;

namespace MlEvents.DevHost.Embedded;

/// <summary>
/// <c>mlevents dev</c>: Kafka (librdkafka mock cluster) and a schema registry as a standing local process, with the worker's
/// topics created, and with <c>--gms</c> a DataHub GMS stand-in for REST ingestion, until Ctrl+C or SIGTERM. Other processes
/// (the worker, the CLI, a training script) connect to what it prints.
/// </summary>
internal static class DevCommand
{
    public const string Summary = "Run Kafka and a schema registry in this process for local development, until Ctrl+C.";

    private const string Help = """
        Run Kafka (librdkafka's mock cluster) and a Confluent-compatible schema registry in this process for local
        development, with the worker's topics created, until Ctrl+C or SIGTERM. It prints their addresses and the
        commands that point the worker and the CLI at them. With --gms it also serves a stand-in for DataHub GMS's
        REST ingest endpoint (POST /aspects?action=ingestProposal[Batch], GET /config, GET /health), which applies
        MCPs in memory with GMS's checks (required fields, PATCH support) and answers as GMS does.

        Exit codes: 0 stopped by Ctrl+C; 1 could not start (e.g. the registry or GMS port is taken); 2 wrong command line.

        Examples:
          mlevents dev
          mlevents dev --registry-port 0 --brokers 1 --partitions 2
          mlevents dev --gms --gms-port 0
        """;

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
        var gms = new Option<bool>("--gms") { Description = "Also serve a DataHub GMS stand-in (REST ingest endpoint) on 127.0.0.1." };
        var gmsPort = new Option<int>("--gms-port")
        {
            Description = "Port of the GMS stand-in with --gms (0 = any free port).",
            DefaultValueFactory = _ => 8080,
        };
        var defaults = new EmbeddedEnvironmentOptions();
        var eventsTopic = new Option<string>("--events-topic") { Description = "Events topic to create.", DefaultValueFactory = _ => defaults.EventsTopic };
        var mcpTopic = new Option<string>("--mcp-topic") { Description = "MCP topic to create.", DefaultValueFactory = _ => defaults.McpTopic };
        var deadLetterTopic = new Option<string>("--dead-letter-topic") { Description = "Dead-letter topic to create.", DefaultValueFactory = _ => defaults.DeadLetterTopic };

        var command = new Command("dev", Help)
        {
            brokers, registryPort, partitions, eventsTopic, mcpTopic, deadLetterTopic, gms, gmsPort,
        };
        command.Action = new CliAction((parseResult, cancellationToken) => DevEnvironmentRunner.RunAsync(
            new EmbeddedEnvironmentOptions
            {
                BrokerCount = parseResult.GetValue(brokers),
                RegistryPort = parseResult.GetValue(registryPort),
                Partitions = parseResult.GetValue(partitions),
                EventsTopic = parseResult.GetRequiredValue(eventsTopic),
                McpTopic = parseResult.GetRequiredValue(mcpTopic),
                DeadLetterTopic = parseResult.GetRequiredValue(deadLetterTopic),
                GmsPort = parseResult.GetValue(gms) ? parseResult.GetValue(gmsPort) : null,
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }
}
