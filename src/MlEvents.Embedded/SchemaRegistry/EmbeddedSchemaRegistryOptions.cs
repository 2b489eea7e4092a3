namespace MlEvents.Embedded;

/// <summary>Options of <see cref="EmbeddedSchemaRegistry"/>.</summary>
public sealed class EmbeddedSchemaRegistryOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>When set ("user:password"), every request must carry matching basic auth or gets 401 (error_code 40101).</summary>
    public string? BasicAuthUserInfo { get; set; }

    /// <summary>When set, serve HTTPS with this certificate (must carry its private key).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; set; }

    /// <summary>With <see cref="ServerCertificate"/>: refuse TLS connections that present no client certificate (any certificate is accepted).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Prefix of all routes, e.g. "/schema-registry/api" as on DataHub GMS. Empty = root.</summary>
    public string PathBase { get; set; } = "";

    /// <summary>
    /// Non-null switches on DataHub mode, emulating GMS's internal registry: these are the only subjects; registering
    /// ignores the posted schema and returns the subject's fixed id (404 for other subjects); lookup, listing subjects
    /// and config updates answer 501; GET /schemas/ids/{id} returns the configured schema.
    /// </summary>
    public IReadOnlyDictionary<string, DataHubSubject>? DataHubSubjects { get; set; }

    /// <summary>
    /// DataHub mode only: false emulates older GMS versions, whose controller also answers 501 to
    /// GET /subjects/{s}/versions[/{v}] and GET /config (so use-latest-version cannot work there).
    /// </summary>
    public bool DataHubServesVersions { get; set; } = true;
}

/// <summary>A DataHub-mode subject: the fixed id and schema GMS serves for it.</summary>
public sealed record DataHubSubject(int Id, string Schema, int Version = 1);
