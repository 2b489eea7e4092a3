namespace MlEvents.Contracts;

/// <summary>
/// The Kafka message key an event carries (documented per payload in MlEvent.avsc): all events about one entity share
/// a key, so they land in one partition and stay ordered.
/// </summary>
public static class EventKeys
{
    /// <returns>
    /// <c>experiment:&lt;platform&gt;:&lt;experimentId&gt;</c>, <c>run:&lt;platform&gt;:&lt;runId&gt;</c>,
    /// <c>modelGroup:&lt;platform&gt;:&lt;groupName&gt;</c> or <c>model:&lt;platform&gt;:&lt;modelName&gt;</c>
    /// (ids as they are, not escaped).
    /// </returns>
    public static string For(MlEvent mlEvent)
    {
        ArgumentNullException.ThrowIfNull(mlEvent);
        var platform = mlEvent.Platform;
        return mlEvent.Payload switch
        {
            ExperimentUpserted p => $"experiment:{platform}:{p.ExperimentId}",
            RunStarted p => $"run:{platform}:{p.RunId}",
            RunFinished p => $"run:{platform}:{p.RunId}",
            RunUpdated p => $"run:{platform}:{p.RunId}",
            ModelGroupUpserted p => $"modelGroup:{platform}:{p.GroupName}",
            ModelRegistered p => $"model:{platform}:{p.ModelName}",
            ModelStageChanged p => $"model:{platform}:{p.ModelName}",
            ModelAliasesChanged p => $"model:{platform}:{p.ModelName}",
            _ => throw new ArgumentException($"Unsupported payload type {mlEvent.Payload?.GetType().Name ?? "null"}", nameof(mlEvent)),
        };
    }
}
