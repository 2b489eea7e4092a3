namespace MlEvents.Observability.Health;

/// <summary>A readiness condition the worker sets as things happen (partitions assigned, producer delivering, registry reachable).</summary>
public interface IReadinessSignal
{
    string Name { get; }

    bool IsReady { get; }

    /// <summary>Why the signal is not ready (or a note when it is).</summary>
    string? Reason { get; }

    void SetReady(string? note = null);

    void SetNotReady(string reason);
}
