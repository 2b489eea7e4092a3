namespace MlEvents.Cli.Conventions;

/// <summary>The exit codes of every <c>mlevents</c> command (docs/CLI.md); scripts can rely on them.</summary>
internal enum ExitCode
{
    /// <summary>Everything asked for was done.</summary>
    Ok = 0,

    /// <summary>Ran, but some items failed (invalid events or lines, refused events, unknown topic); reasons on stderr.</summary>
    Failed = 1,

    /// <summary>The command line is wrong (unknown flag, missing or bad value, unreadable input file); nothing was done.</summary>
    Usage = 2,

    /// <summary>Kafka or the Schema Registry could not be reached at the address printed on stderr; retry later.</summary>
    Unreachable = 3,
}
