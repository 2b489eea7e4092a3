namespace MlEvents.DataHub.Urns;

/// <summary>
/// URN builders matching DataHub's Python <c>mce_builder.make_*_urn</c> functions. Name components are
/// percent-encoded with <see cref="UrnEncoder"/>; ids that are already guids or URNs are used as given.
/// </summary>
public static class DataHubUrns
{
    public const string Prefix = "urn:li:";
    public const string DefaultEnv = "PROD";

    /// <summary><c>urn:li:dataPlatform:&lt;name&gt;</c>; a value that already is a platform URN is returned unchanged.</summary>
    public static string DataPlatform(string platform)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platform);
        return platform.StartsWith("urn:li:dataPlatform:", StringComparison.Ordinal)
            ? platform
            : $"urn:li:dataPlatform:{UrnEncoder.EncodeComponent(platform)}";
    }

    /// <summary><c>urn:li:mlModel:(urn:li:dataPlatform:&lt;platform&gt;,&lt;name&gt;,&lt;ENV&gt;)</c>.</summary>
    public static string MlModel(string platform, string name, string env = DefaultEnv) =>
        $"urn:li:mlModel:({DataPlatform(platform)},{UrnEncoder.EncodeComponent(name)},{Env(env)})";

    /// <summary><c>urn:li:mlModelGroup:(urn:li:dataPlatform:&lt;platform&gt;,&lt;name&gt;,&lt;ENV&gt;)</c>.</summary>
    public static string MlModelGroup(string platform, string name, string env = DefaultEnv) =>
        $"urn:li:mlModelGroup:({DataPlatform(platform)},{UrnEncoder.EncodeComponent(name)},{Env(env)})";

    /// <summary>
    /// <c>urn:li:dataset:(urn:li:dataPlatform:&lt;platform&gt;,&lt;[instance.]name&gt;,&lt;ENV&gt;)</c>
    /// (<c>make_dataset_urn_with_platform_instance</c>: the instance prefixes the name with a dot).
    /// </summary>
    public static string Dataset(string platform, string name, string env = DefaultEnv, string? platformInstance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var fullName = string.IsNullOrEmpty(platformInstance) ? name : $"{platformInstance}.{name}";
        return $"urn:li:dataset:({DataPlatform(platform)},{UrnEncoder.EncodeComponent(fullName)},{Env(env)})";
    }

    /// <summary><c>urn:li:dataProcessInstance:&lt;id&gt;</c>; the id is usually a <see cref="DataHubGuid"/>.</summary>
    public static string DataProcessInstance(string id) => $"urn:li:dataProcessInstance:{UrnEncoder.EncodeComponent(id)}";

    /// <summary>DPI URN of an orchestrated run, as DataHub's <c>DataProcessInstance(id, orchestrator)</c> builds it.</summary>
    public static string DataProcessInstanceForRun(string runId, string orchestrator, string? cluster = null) =>
        DataProcessInstance(DataHubGuid.ForRun(runId, orchestrator, cluster));

    /// <summary><c>urn:li:container:&lt;guid&gt;</c>.</summary>
    public static string Container(string guid) => $"urn:li:container:{UrnEncoder.EncodeComponent(guid)}";

    /// <summary>Container URN of an experiment, keyed like DataHub's <c>ExperimentKey</c>.</summary>
    public static string ExperimentContainer(string experimentName, string platform) =>
        Container(DataHubGuid.ForExperimentContainer(experimentName, DataPlatform(platform)));

    /// <summary><c>urn:li:tag:&lt;name&gt;</c>.</summary>
    public static string Tag(string name) => $"urn:li:tag:{UrnEncoder.EncodeComponent(name)}";

    /// <summary><c>urn:li:corpuser:&lt;username&gt;</c>.</summary>
    public static string CorpUser(string username) => $"urn:li:corpuser:{UrnEncoder.EncodeComponent(username)}";

    /// <summary><c>urn:li:versionSet:(&lt;id&gt;,&lt;entityType&gt;)</c>.</summary>
    public static string VersionSet(string id, string entityType = "mlModel") =>
        $"urn:li:versionSet:({UrnEncoder.EncodeComponent(id)},{UrnEncoder.EncodeComponent(entityType)})";

    /// <summary>Version set of an MLflow-style registered model: id = guid of <c>{name, platform}</c>.</summary>
    public static string VersionSetForModel(string registeredModelName, string platformName, string entityType = "mlModel") =>
        VersionSet(DataHubGuid.ForVersionSet(registeredModelName, platformName), entityType);

    /// <summary><c>urn:li:platformResource:&lt;id&gt;</c>.</summary>
    public static string PlatformResource(string id) => $"urn:li:platformResource:{UrnEncoder.EncodeComponent(id)}";

    /// <summary>
    /// Entity type named by a URN (<c>urn:li:&lt;type&gt;:…</c>), as Python's <c>guess_entity_type</c>.
    /// </summary>
    public static string EntityTypeOf(string urn)
    {
        ArgumentNullException.ThrowIfNull(urn);
        if (!urn.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Not a DataHub URN (must start with '{Prefix}'): {urn}", nameof(urn));
        }

        var end = urn.IndexOf(':', Prefix.Length);
        if (end <= Prefix.Length || end == urn.Length - 1)
        {
            throw new ArgumentException($"URN has no entity type or no key: {urn}", nameof(urn));
        }

        var entityType = urn.AsSpan(Prefix.Length, end - Prefix.Length);
        foreach (var known in KnownEntityTypes)
        {
            if (entityType.SequenceEqual(known))
            {
                return known; // no new string per MCP for the types the converter writes
            }
        }

        return entityType.ToString();
    }

    private static readonly string[] KnownEntityTypes =
        ["dataProcessInstance", "container", "mlModel", "mlModelGroup", "dataset", "tag", "versionSet", "corpuser", "dataPlatform"];

    private static string Env(string env)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(env);
        return env.ToUpperInvariant();
    }
}
