namespace MlEvents.Contracts;

/// <summary>
/// The fact an <see cref="MlEvent"/> carries. The set of payloads is closed (one record per branch of the
/// Avro payload union): switch on the concrete type.
/// </summary>
public abstract record MlEventPayload
{
    private protected MlEventPayload()
    {
    }

    /// <summary>The Avro record name of the payload, also the JSON <c>"type"</c>: e.g. <c>RunStarted</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>All payload type names, in the order of the Avro union.</summary>
    public static IReadOnlyList<string> TypeNames { get; } =
    [
        nameof(ExperimentUpserted), nameof(RunStarted), nameof(RunFinished), nameof(ModelGroupUpserted),
        nameof(ModelRegistered), nameof(ModelStageChanged), nameof(ModelAliasesChanged), nameof(RunUpdated),
    ];
}
