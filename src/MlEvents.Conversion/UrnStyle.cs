namespace MlEvents.Conversion;

/// <summary>How the ids of experiment containers, runs and version sets are built (docs/MAPPING.md).</summary>
public enum UrnStyle
{
    /// <summary>
    /// DataHub SDK / MLflow-source compatible guids: the same MLflow objects get the same URNs as DataHub's
    /// own MLflow ingestion would give them.
    /// </summary>
    Guid,

    /// <summary>
    /// Readable ids as in DataHub's AI/ML guide: <c>urn:li:container:&lt;experimentId&gt;</c>,
    /// <c>urn:li:dataProcessInstance:&lt;runId&gt;</c>, <c>urn:li:versionSet:(mlmodel_&lt;model&gt;_versions,mlModel)</c>.
    /// The platform is not part of these ids.
    /// </summary>
    Readable,
}
