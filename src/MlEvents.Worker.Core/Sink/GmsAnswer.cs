namespace MlEvents.Worker.Sink;

/// <summary>How the pipeline treats GMS's answer to a request.</summary>
public enum GmsOutcome
{
    /// <summary>2xx: every proposal of the request is applied.</summary>
    Accepted,

    /// <summary>
    /// A 4xx that names the request's content (400, 413, 422, ...), or GMS's 500 <c>java.lang.UnsupportedOperationException</c>
    /// (a PATCH it cannot apply): permanent, the proposal's event is dead-lettered.
    /// </summary>
    Refused,

    /// <summary>408, 429, 5xx, timeout, connection refused/reset: retried with backoff, the partition paused, never dead-lettered.</summary>
    Transient,

    /// <summary>
    /// 401/403 (token missing, wrong or without the privilege) or 404/405 (ServerUrl is not GMS): a configuration problem, not the
    /// event's. Retried like <see cref="Transient"/> (nothing dead-lettered), logged as an error and shown in readiness.
    /// </summary>
    Misconfigured,
}

/// <param name="Status">The HTTP status, or null when there was no answer (timeout, connection error).</param>
/// <param name="Message">GMS's error message (its Rest.li error's <c>message</c>), or what went wrong on the way; "" when accepted.</param>
/// <param name="RetryAfter">The answer's <c>Retry-After</c>, when it had one.</param>
public sealed record GmsAnswer(GmsOutcome Outcome, int? Status, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>The <c>status</c> label of the request metric: the code, or <c>timeout</c>/<c>connection_error</c>.</summary>
    public string StatusLabel => Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (Message.StartsWith(GmsClient.TimeoutPrefix, StringComparison.Ordinal) ? "timeout" : "connection_error");

    public override string ToString() => Status is { } status ? $"HTTP {status}: {Message}" : Message;
}
