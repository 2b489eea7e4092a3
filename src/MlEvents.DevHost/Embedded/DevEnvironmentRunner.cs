using MlEvents.Cli.Conventions;

namespace MlEvents.DevHost.Embedded;

/// <summary>Starts the <see cref="EmbeddedEnvironment"/>, prints how to connect, and keeps it up until cancelled.</summary>
internal static class DevEnvironmentRunner
{
    public static async Task<int> RunAsync(EmbeddedEnvironmentOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.BrokerCount < 1 || options.Partitions < 1 || options.RegistryPort is < 0 or > 65535 || options.GmsPort is < 0 or > 65535)
        {
            throw new UsageException("--brokers and --partitions must be at least 1, --registry-port and --gms-port between 0 and 65535");
        }

        EmbeddedEnvironment environment;
        try
        {
            environment = await EmbeddedEnvironment.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            var what = options.GmsPort is { } gmsPort && e.Message.Contains($":{gmsPort}", StringComparison.Ordinal)
                ? $"the GMS stand-in at 127.0.0.1:{gmsPort}: {e.Message}. Use --gms-port 0"
                : $"the schema registry at 127.0.0.1:{options.RegistryPort}: {e.Message}. Use --registry-port 0";
            await error.WriteLineAsync($"error: cannot start {what} for any free port.").ConfigureAwait(false);
            return (int)ExitCode.Failed;
        }

        await using (environment.ConfigureAwait(false))
        {
            await output.WriteLineAsync(Describe(environment)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await output.WriteLineAsync("Stopping the dev environment.").ConfigureAwait(false);
        }

        return (int)ExitCode.Ok;
    }

    private static string DescribeGms(EmbeddedEnvironment environment) => environment.Gms is { } gms
        ? $"""

              DataHub GMS stand-in:    {gms.Url}  (REST ingest: POST {gms.Url}/aspects?action=ingestProposalBatch; state in memory)
                                       worker with the REST sink: add DataHub__Sink=Rest DataHub__Rest__ServerUrl={gms.Url}
            """.TrimEnd()
        : "";

    private static string Describe(EmbeddedEnvironment environment)
    {
        var variables = environment.EnvironmentVariables;
        var defaults = new EmbeddedEnvironmentOptions();
        var topics = new[] { "Worker__EventsTopic", "Worker__McpTopic", "Worker__DeadLetterTopic" }
            .Where(name => variables[name] != name switch
            {
                "Worker__EventsTopic" => defaults.EventsTopic,
                "Worker__McpTopic" => defaults.McpTopic,
                _ => defaults.DeadLetterTopic,
            })
            .Select(name => $"{name}={variables[name]} ");
        return $"""
            MlEvents dev environment is up (Ctrl+C to stop).
              Kafka bootstrap servers: {environment.BootstrapServers}  (librdkafka mock cluster, {environment.Cluster.Brokers.Count} brokers)
              Schema registry:         {environment.SchemaRegistryUrl}
              Topics:                  {string.Join(", ", environment.Topics)} ({environment.Options.Partitions} partitions each){DescribeGms(environment)}

            Run the worker against it (from the repository root, in another shell):
              Kafka__BootstrapServers={variables["Kafka__BootstrapServers"]} SchemaRegistry__Url={variables["SchemaRegistry__Url"]} {string.Concat(topics)}dotnet run --project src/MlEvents.Worker -- --Kafka:Consumer:group.protocol=consumer
            (group.protocol=consumer: the mock cluster holds classic-protocol rebalances for session.timeout.ms - 1 s.)

            Point the CLI at it:
              export MLEVENTS_BOOTSTRAP_SERVERS={environment.BootstrapServers} MLEVENTS_SCHEMA_REGISTRY_URL={environment.SchemaRegistryUrl}
            """;
    }
}
