using MlEvents.SchemaRegistry;

namespace MlEvents.Worker.Translation;

/// <summary>
/// Section <c>SchemaRegistry</c>: the registry client (property names as Confluent's <c>SchemaRegistryConfig</c>) and the
/// MCP serializer (as Confluent's <c>AvroSerializerConfig</c>). Events are read with the writer schema their id names,
/// resolved against <c>MlEvent.avsc</c>; MCPs are written under the subject <see cref="SubjectNameStrategy"/> gives for the MCP topic.
/// </summary>
public sealed class SchemaRegistryOptions
{
    public const string SectionName = "SchemaRegistry";

    /// <summary>Comma-separated base URL(s); DataHub GMS: <c>http://datahub-gms:8080/schema-registry/api</c>.</summary>
    public string Url { get; set; } = "";

    public AuthCredentialsSource? BasicAuthCredentialsSource { get; set; }

    /// <summary>"user:password". Secret: never logged.</summary>
    public string? BasicAuthUserInfo { get; set; }

    public int RequestTimeoutMs { get; set; } = 30_000;

    public int MaxCachedSchemas { get; set; } = 1000;

    public int? LatestCacheTtlSecs { get; set; }

    public int MaxRetries { get; set; } = 3;

    public int RetriesWaitMs { get; set; } = 1000;

    public int RetriesMaxWaitMs { get; set; } = 20_000;

    public string? SslCaLocation { get; set; }

    public bool EnableSslCertificateVerification { get; set; } = true;

    public string? SslKeystoreLocation { get; set; }

    /// <summary>Secret: never logged.</summary>
    public string? SslKeystorePassword { get; set; }

    /// <summary>MCP serializer: register the MCP schema (default true; what DataHub's GMS registry needs).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>MCP serializer: write with the subject's latest schema (needs <see cref="AutoRegisterSchemas"/> = false).</summary>
    public bool UseLatestVersion { get; set; }

    public bool NormalizeSchemas { get; set; }

    /// <summary>MCP serializer subject: Topic (<c>{McpTopic}-value</c>, default, as DataHub's emitters), Record or TopicRecord.</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;

    public SchemaRegistryConfig ToClientConfig() => new()
    {
        Url = Url,
        BasicAuthCredentialsSource = BasicAuthCredentialsSource,
        BasicAuthUserInfo = BasicAuthUserInfo,
        RequestTimeoutMs = RequestTimeoutMs,
        MaxCachedSchemas = MaxCachedSchemas,
        LatestCacheTtlSecs = LatestCacheTtlSecs,
        MaxRetries = MaxRetries,
        RetriesWaitMs = RetriesWaitMs,
        RetriesMaxWaitMs = RetriesMaxWaitMs,
        SslCaLocation = SslCaLocation,
        EnableSslCertificateVerification = EnableSslCertificateVerification,
        SslKeystoreLocation = SslKeystoreLocation,
        SslKeystorePassword = SslKeystorePassword,
    };

    public AvroSerializerConfig ToSerializerConfig() => new()
    {
        AutoRegisterSchemas = AutoRegisterSchemas,
        UseLatestVersion = UseLatestVersion,
        NormalizeSchemas = NormalizeSchemas,
        SubjectNameStrategy = SubjectNameStrategy,
    };

    /// <summary>Secrets masked.</summary>
    public override string ToString() =>
        $"{ToClientConfig()} AutoRegisterSchemas = {AutoRegisterSchemas}, UseLatestVersion = {UseLatestVersion}, " +
        $"NormalizeSchemas = {NormalizeSchemas}, SubjectNameStrategy = {SubjectNameStrategy}";
}
