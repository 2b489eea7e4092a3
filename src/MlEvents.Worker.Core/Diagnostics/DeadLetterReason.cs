namespace MlEvents.Worker.Diagnostics;

/// <summary>
/// The <c>reason</c> label of dead-lettered events: a short category, never the free-text message (which can be unique
/// per event and would explode the number of series). The full reason goes to the dead-letter headers and the log.
/// </summary>
public static class DeadLetterReason
{
    public const string RecordTooLarge = "record_too_large";
    public const string Rejected = "rejected";

    /// <summary>The exception's type name when there is one (bounded by the code base), else <see cref="Rejected"/>.</summary>
    public static string Categorize(Exception? error) => error?.GetType().Name ?? Rejected;
}
