namespace MlEvents.Conversion;

/// <summary>How facts that several events contribute to one DataHub aspect are written (docs/MAPPING.md).</summary>
public enum WriteMode
{
    /// <summary>
    /// Multi-source aspects are written as DataHub generic JSON PATCH MCPs (<c>forceGenericPatch</c>, keyed arrays),
    /// so no event erases another's facts. Needs a GMS that accepts generic patches on non-template aspects.
    /// </summary>
    Patch,

    /// <summary>
    /// Only whole-aspect UPSERTs (any DataHub version). Each multi-source aspect is written whole by one event type,
    /// so the cumulative fields of the events (RunFinished.hyperParams/metrics, ModelGroupUpserted.trainingRunIds) must
    /// carry everything known so far.
    /// </summary>
    Upsert,
}
