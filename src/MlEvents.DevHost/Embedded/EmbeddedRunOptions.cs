using Microsoft.Extensions.Logging;

namespace MlEvents.DevHost.Embedded;

/// <summary>Section <c>Embedded</c>: the embedded run (no <c>Kafka:BootstrapServers</c> configured).</summary>
public sealed class EmbeddedRunOptions
{
    public const string SectionName = "Embedded";

    /// <summary>Events to publish, one JSON event per line (docs/EVENTS.md); default: the shipped airline-forecast scenario.</summary>
    public string? EventsFile { get; set; }

    /// <summary>Where the MCPs read back are written, in DataHub's MCP JSON file format.</summary>
    public string OutputPath { get; set; } = Path.Combine("out", "mcps.json");

    /// <summary>Upper bound for waiting until every expected MCP has arrived.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum level of the worker's own log lines during the run.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The shipped scenario, copied next to the worker's binaries.</summary>
    public static string DefaultEventsFile => Path.Combine(AppContext.BaseDirectory, "samples", "airline-forecast.events.jsonl");
}
