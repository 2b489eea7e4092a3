namespace MlEvents.Worker.Pipeline;

/// <summary>The outcome of translating one input record: records to produce, or a permanent failure to dead-letter.</summary>
public abstract record TranslationResult
{
    private TranslationResult()
    {
    }

    /// <param name="records">What to produce; may be empty.</param>
    /// <param name="eventType">The decoded input's type (e.g. <c>RunStarted</c>), used to label metrics; null when unknown.</param>
    /// <param name="eventId">The decoded input's event id: the span's <c>messaging.message.id</c>; null when unknown.</param>
    public static TranslationResult Success(IReadOnlyList<OutgoingRecord> records, string? eventType = null, string? eventId = null) =>
        new Translated(records, eventType, eventId);

    public static TranslationResult Poison(string stage, string reason, Exception? error = null) => new Poisoned(stage, reason, error);

    /// <summary>The input translated into zero or more records (zero is valid: the offset simply completes).</summary>
    public sealed record Translated : TranslationResult
    {
        internal Translated(IReadOnlyList<OutgoingRecord> records, string? eventType, string? eventId)
        {
            ArgumentNullException.ThrowIfNull(records);
            Records = records;
            EventType = eventType;
            EventId = eventId;
        }

        public IReadOnlyList<OutgoingRecord> Records { get; }

        public string? EventType { get; }

        public string? EventId { get; }
    }

    /// <summary>The input can never be translated; it goes to the dead-letter topic. <see cref="Stage"/> names the failing step (deserialize, validate, convert, ...).</summary>
    public sealed record Poisoned : TranslationResult
    {
        internal Poisoned(string stage, string reason, Exception? error)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(stage);
            Stage = stage;
            Reason = string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason;
            Error = error;
        }

        public string Stage { get; }

        public string Reason { get; }

        public Exception? Error { get; }
    }
}
