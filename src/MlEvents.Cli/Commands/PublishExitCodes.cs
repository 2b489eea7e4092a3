namespace MlEvents.Cli;

/// <summary>Exit codes of <c>mlevents publish</c>, for CI scripts.</summary>
internal static class PublishExitCodes
{
    /// <summary>Every event was acknowledged by Kafka (or, with --dry-run, is valid).</summary>
    public const int Ok = 0;

    /// <summary>Some events were invalid or were refused; the others were sent. Reasons (with line numbers) on stderr.</summary>
    public const int SomeEventsFailed = 1;

    /// <summary>The command line is wrong (unknown flag, missing value, bad name=value, unreadable file). Nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>Kafka or the Schema Registry could not be reached; events not acknowledged are listed on stderr. Retry later.</summary>
    public const int Unreachable = 3;
}
