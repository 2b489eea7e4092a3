namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect names used by this project, and which of them are timeseries.</summary>
public static class AspectNames
{
    public const string ContainerProperties = "containerProperties";
    public const string SubTypes = "subTypes";
    public const string DataPlatformInstance = "dataPlatformInstance";
    public const string BrowsePathsV2 = "browsePathsV2";
    public const string Status = "status";
    public const string Container = "container";
    public const string DataProcessInstanceProperties = "dataProcessInstanceProperties";
    public const string DataProcessInstanceRunEvent = "dataProcessInstanceRunEvent";
    public const string DataProcessInstanceInput = "dataProcessInstanceInput";
    public const string DataProcessInstanceOutput = "dataProcessInstanceOutput";
    public const string MlTrainingRunProperties = "mlTrainingRunProperties";
    public const string MlModelGroupProperties = "mlModelGroupProperties";
    public const string MlModelProperties = "mlModelProperties";
    public const string VersionProperties = "versionProperties";
    public const string GlobalTags = "globalTags";
    public const string TagProperties = "tagProperties";
    public const string PlatformResourceInfo = "platformResourceInfo";

    /// <summary>Timeseries aspects among those above (DataHub accepts only UPSERT for them).</summary>
    public static readonly IReadOnlySet<string> Timeseries = new HashSet<string>(StringComparer.Ordinal)
    {
        DataProcessInstanceRunEvent,
    };

    /// <summary>
    /// Aspects with a first-class patch template in DataHub's <c>AspectTemplateEngine.SUPPORTED_TEMPLATES</c>
    /// (newest stored list, commit 06d78b48); only these accept PATCH on any DataHub version with patch support.
    /// </summary>
    public static readonly IReadOnlySet<string> PatchTemplates = new HashSet<string>(StringComparer.Ordinal)
    {
        "datasetProperties", "editableSchemaMetadata", GlobalTags, "glossaryTerms", "ownership", "upstreamLineage",
        "dataFlowInfo", "dataJobInfo", "dataProductProperties", "dataJobInputOutput", "chartInfo", "dashboardInfo",
        "structuredProperties", "propertyDefinition", "formInfo", VersionProperties, "siblings", "domains",
        "editableDatasetProperties", "editableContainerProperties", "editableMlModelGroupProperties",
    };
}
