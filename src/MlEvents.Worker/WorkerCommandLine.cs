namespace MlEvents.Worker;

/// <summary>Short command-line switches of the worker (any setting also works as <c>--Section:Key=value</c>).</summary>
internal static class WorkerCommandLine
{
    /// <summary>Exit code when a setting is missing or invalid (nothing was started).</summary>
    public const int InvalidConfigurationExitCode = 2;

    public static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--bootstrap-servers"] = "Kafka:BootstrapServers",
        ["--schema-registry"] = "SchemaRegistry:Url",
        ["--sink"] = "DataHub:Sink",
        ["--gms-url"] = "DataHub:Rest:ServerUrl",
    };

    public const string Usage = """
        MlEvents worker: consumes ML lifecycle events (Avro) and produces DataHub MCPs (Avro) to MetadataChangeProposal_v1,
        or (--sink Rest) posts them to DataHub GMS's REST API.

        Usage:
          dotnet run --project src/MlEvents.Worker [-- options]

        Runs until stopped (Ctrl+C, SIGTERM). Kafka and the schema registry are required: without them it exits at once
        with code 2 and one line per missing or invalid setting. For the whole pipeline on an embedded Kafka and registry
        (development), run src/MlEvents.DevHost instead.

        Options:
          --bootstrap-servers <host:port,...>   Kafka:BootstrapServers (env Kafka__BootstrapServers)
          --schema-registry <url>               SchemaRegistry:Url (env SchemaRegistry__Url)
          --sink <Kafka|Rest>                   DataHub:Sink (env DataHub__Sink); Kafka by default
          --gms-url <url>                       DataHub:Rest:ServerUrl (env DataHub__Rest__ServerUrl); the token only from
                                                DATAHUB_GMS_TOKEN(_FILE) or DataHub__Rest__Token(File), never a flag
          --Section:Key=value                   any other setting, e.g. --Worker:GroupId=my-group
          -h, --help                            this text

        All settings and environment variables: docs/RUNNING.md.
        """;
}
