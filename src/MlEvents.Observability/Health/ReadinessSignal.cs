namespace MlEvents.Observability.Health;

/// <summary>Thread-safe settable readiness condition; evaluated by <see cref="ReadinessSignalHealthCheck"/>.</summary>
public sealed class ReadinessSignal(string name, bool initiallyReady = false, string? initialReason = null) : IReadinessSignal
{
    private volatile State _state = new(initiallyReady, initialReason ?? (initiallyReady ? null : "not signalled yet"));

    public string Name { get; } = name;

    public bool IsReady => _state.Ready;

    public string? Reason => _state.Reason;

    public void SetReady(string? note = null) => _state = new State(true, note);

    public void SetNotReady(string reason) => _state = new State(false, reason);

    /// <summary>Reads readiness and reason together (they are replaced atomically).</summary>
    public (bool Ready, string? Reason) Read()
    {
        var state = _state;
        return (state.Ready, state.Reason);
    }

    private sealed record State(bool Ready, string? Reason);
}
