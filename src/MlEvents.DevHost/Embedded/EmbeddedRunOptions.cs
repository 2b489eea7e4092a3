using Microsoft.Extensions.Logging;

namespace MlEvents.DevHost.Embedded;

/// <summary>Section <c>Embedded</c>: the embedded run (no <c>Kafka:BootstrapServers</c> configured).</summary>
public sealed class EmbeddedRunOptions
{
    public const string SectionName = "Embedded";

    /// <summary>Events to publish, one JSON event per line (docs/EVENTS.md); default: the shipped airline-forecast scenario.</summary>
    public string? EventsFile { get; set; }

    /// <summary>Where the MCPs read back are written, in DataHub's MCP JSON file format (relative to the working directory).</summary>
    public string OutputPath { get; set; } = Path.Combine("out", "mcps.json");

    /// <summary>Upper bound for waiting until every expected MCP has arrived.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum level of the worker's own log lines during the run.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// The shipped scenario: the repository's samples/airline-forecast.events.jsonl when the worker runs from a clone
    /// (shown relative to the working directory), else the copy next to the worker's binaries (e.g. in a container).
    /// </summary>
    public static string DefaultEventsFile
    {
        get
        {
            var relative = Path.Combine("samples", "airline-forecast.events.jsonl");
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory).Parent; directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, relative);
                if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "MlEvents.sln")))
                {
                    var fromWorkingDirectory = Path.GetRelativePath(Directory.GetCurrentDirectory(), candidate);
                    return fromWorkingDirectory.StartsWith("..", StringComparison.Ordinal) ? candidate : fromWorkingDirectory;
                }
            }

            return Path.Combine(AppContext.BaseDirectory, relative);
        }
    }
}
