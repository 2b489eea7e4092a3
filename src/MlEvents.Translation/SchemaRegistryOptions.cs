using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Translation;

/// <summary>
/// Section <c>SchemaRegistry</c>: Confluent's registry client settings (<see cref="SchemaRegistryConfig"/>: Url, BasicAuthUserInfo,
/// RequestTimeoutMs, MaxRetries, Ssl*, ...) and the MCP serializer's (as Confluent's <see cref="AvroSerializerConfig"/>). Events are
/// read with the writer schema their id names, resolved against <c>MlEvent.avsc</c>; MCPs are written under the subject
/// <see cref="SubjectNameStrategy"/> gives for the MCP topic.
/// </summary>
public sealed class SchemaRegistryOptions : SchemaRegistryConfig
{
    public const string SectionName = "SchemaRegistry";

    /// <summary>MCP serializer: register the MCP schema (default true; what DataHub's GMS registry needs).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>MCP serializer: write with the subject's latest schema (needs <see cref="AutoRegisterSchemas"/> = false).</summary>
    public bool UseLatestVersion { get; set; }

    public bool NormalizeSchemas { get; set; }

    /// <summary>MCP serializer subject: Topic (<c>{McpTopic}-value</c>, default, as DataHub's emitters), Record or TopicRecord.</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;

    /// <summary>A copy of the registry client's settings alone (Url may name DataHub GMS: <c>http://datahub-gms:8080/schema-registry/api</c>).</summary>
    public SchemaRegistryConfig ToClientConfig()
    {
        var config = new SchemaRegistryConfig();
        foreach (var (key, value) in this)
        {
            config.Set(key, value);
        }

        return config;
    }

    public AvroSerializerConfig ToSerializerConfig() => new()
    {
        AutoRegisterSchemas = AutoRegisterSchemas,
        UseLatestVersion = UseLatestVersion,
        NormalizeSchemas = NormalizeSchemas,
        SubjectNameStrategy = SubjectNameStrategy,
    };

    /// <summary>Secrets masked.</summary>
    public override string ToString() =>
        $"SchemaRegistryOptions {{ Url = {Url}, BasicAuth = {(string.IsNullOrEmpty(BasicAuthUserInfo) ? "none" : "***")}, "
        + $"RequestTimeoutMs = {RequestTimeoutMs}, MaxRetries = {MaxRetries}, SslCaLocation = {SslCaLocation}, "
        + $"SslKeystorePassword = {(SslKeystorePassword is null ? "none" : "***")}, AutoRegisterSchemas = {AutoRegisterSchemas}, "
        + $"UseLatestVersion = {UseLatestVersion}, NormalizeSchemas = {NormalizeSchemas}, SubjectNameStrategy = {SubjectNameStrategy} }}";
}
