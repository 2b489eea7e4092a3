
namespace MlEvents.DevHost.Embedded;

/// <summary>Starts the <see cref="EmbeddedEnvironment"/>, prints how to connect, and keeps it up until cancelled.</summary>
internal static class DevEnvironmentRunner
{
    public static async Task<int> RunAsync(EmbeddedEnvironmentOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (options.BrokerCount < 1 || options.Partitions < 1 || options.RegistryPort is < 0 or > 65535)
        {
            await error.WriteLineAsync("--brokers and --partitions must be at least 1, --registry-port between 0 and 65535.").ConfigureAwait(false);
            return 2;
        }

        EmbeddedEnvironment environment;
        try
        {
            environment = await EmbeddedEnvironment.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"Cannot start the schema registry on port {options.RegistryPort}: {e.Message}. Use --registry-port 0 for any free port.")
                .ConfigureAwait(false);
            return 1;
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

        return 0;
    }

    private static string Describe(EmbeddedEnvironment environment)
    {
        var variables = environment.EnvironmentVariables;
        return $"""
            MlEvents dev environment is up (Ctrl+C to stop).
              Kafka bootstrap servers: {environment.BootstrapServers}  (librdkafka mock cluster, {environment.Cluster.Brokers.Count} brokers)
              Schema registry:         {environment.SchemaRegistryUrl}
              Topics:                  {string.Join(", ", environment.Topics)} ({environment.Options.Partitions} partitions each)

            Point the worker and other clients at it (bash):
              export Kafka__BootstrapServers={variables["Kafka__BootstrapServers"]}
              export SchemaRegistry__Url={variables["SchemaRegistry__Url"]}
              export Worker__EventsTopic={variables["Worker__EventsTopic"]} Worker__McpTopic={variables["Worker__McpTopic"]} Worker__DeadLetterTopic={variables["Worker__DeadLetterTopic"]}
              dotnet run --project src/MlEvents.Worker -- --Kafka:Consumer:group.protocol=consumer
            (group.protocol=consumer: the mock cluster holds classic-protocol rebalances for session.timeout.ms - 1 s.)
            """;
    }
}
