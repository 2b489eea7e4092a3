using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MlEvents.DevHost.Embedded;
using MlEvents.Worker;

namespace MlEvents.DevHost;

/// <summary>
/// The development host: without arguments the whole pipeline on an embedded Kafka and registry (<see cref="EmbeddedRun"/>);
/// <c>dev</c> keeps an embedded Kafka and registry up for other processes. Only in the Development environment (its default).
/// </summary>
public static class DevHostCommandLine
{
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--events"] = "Embedded:EventsFile",
        ["--out"] = "Embedded:OutputPath",
        ["--timeout"] = "Embedded:Timeout",
    };

    public const string Usage = """
        MlEvents development host: the whole pipeline in this process, for development and demos (never production).

        Usage:
          dotnet run --project src/MlEvents.DevHost [-- options]    embedded run
          dotnet run --project src/MlEvents.DevHost -- dev [--help]  Kafka + schema registry for local development, until Ctrl+C

        The embedded run starts Kafka (librdkafka mock cluster) and a schema registry in this process, the worker on them,
        publishes the airline-forecast scenario as events, prints a summary of the MCPs read back and writes them as a
        DataHub MCP JSON file. Exit code 0 when the MCPs on Kafka are exactly what the converter makes of the events.
        Runs only in the Development environment (the default here; DOTNET_ENVIRONMENT selects another, which is refused).

        Options of the embedded run:
          --events <file.jsonl>                 events to publish (default: the shipped scenario)
          --out <path>                          MCP JSON output (default out/mcps.json)
          --timeout <hh:mm:ss>                  bound for waiting for the MCPs (default 00:00:30)
          --Section:Key=value                   any worker setting, e.g. --Conversion:UrnStyle=Readable
          -h, --help                            this text

        The production worker is src/MlEvents.Worker (docs/RUNNING.md).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "-?") && args.FirstOrDefault() != "dev")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development;
        if (!string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync(
                $"The development host runs only in the Development environment (DOTNET_ENVIRONMENT is \"{environment}\"): "
                + "run src/MlEvents.Worker with Kafka__BootstrapServers and SchemaRegistry__Url instead.").ConfigureAwait(false);
            return 2;
        }

        if (args.FirstOrDefault() == "dev")
        {
            var root = new RootCommand("MlEvents development host") { DevCommand.Create() };
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args, SwitchMappings)
            .Build();
        try
        {
            return await EmbeddedRun.RunAsync(configuration, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return 130;
        }
        catch (Exception e) when (StartupFailure.TryDescribe(e, out var message))
        {
            await error.WriteLineAsync("The embedded run failed to start:" + Environment.NewLine + message).ConfigureAwait(false);
            return 1;
        }
    }
}
