namespace MlEvents.Worker;

/// <summary>Short command-line switches of the worker (any setting also works as <c>--Section:Key=value</c>).</summary>
internal static class WorkerCommandLine
{
    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--bootstrap-servers"] = "Kafka:BootstrapServers",
        ["--schema-registry"] = "SchemaRegistry:Url",
        ["--events"] = "Embedded:EventsFile",
        ["--out"] = "Embedded:OutputPath",
        ["--timeout"] = "Embedded:Timeout",
    };

    public const string Usage = """
        MlEvents worker: consumes ML lifecycle events (Avro) and produces DataHub MCPs (Avro) to MetadataChangeProposal_v1.

        Usage:
          dotnet run --project src/MlEvents.Worker [-- options]

        Without Kafka configured it runs everything in this process (embedded mode): Kafka (librdkafka mock cluster),
        a schema registry, the worker, the airline-forecast scenario published as events; it prints a summary of the
        MCPs read back and writes them as a DataHub MCP JSON file.
        With Kafka configured (Kafka__BootstrapServers or --bootstrap-servers) it runs the worker until stopped.

        Options:
          --bootstrap-servers <host:port,...>   Kafka:BootstrapServers (env Kafka__BootstrapServers)
          --schema-registry <url>               SchemaRegistry:Url (env SchemaRegistry__Url)
          --events <file.jsonl>                 embedded mode: events to publish (default: the shipped scenario)
          --out <path>                          embedded mode: MCP JSON output (default out/mcps.json)
          --timeout <hh:mm:ss>                  embedded mode: bound for waiting for the MCPs (default 00:00:30)
          --Section:Key=value                   any other setting, e.g. --Worker:GroupId=my-group
          -h, --help                            this text

        All settings and environment variables: docs/RUNNING.md.
        """;
}
