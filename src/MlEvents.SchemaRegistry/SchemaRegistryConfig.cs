namespace MlEvents.SchemaRegistry;

/// <summary>Where basic-auth credentials come from (Confluent: <c>basic.auth.credentials.source</c>).</summary>
public enum AuthCredentialsSource
{
    /// <summary>Use <see cref="SchemaRegistryConfig.BasicAuthUserInfo"/>.</summary>
    UserInfo,
}

/// <summary>Where bearer credentials come from (Confluent: <c>schema.registry.bearer.auth.credentials.source</c>).</summary>
public enum BearerAuthCredentialsSource
{
    /// <summary>Use <see cref="SchemaRegistryConfig.BearerAuthToken"/> (Confluent <c>STATIC_TOKEN</c>).</summary>
    StaticToken,
}

/// <summary>
/// Client configuration; property names mirror Confluent.SchemaRegistry's <c>SchemaRegistryConfig</c>.
/// <see cref="ToString"/> never includes secrets. Hosts may derive from it to bind one configuration section that also
/// carries their serializer settings.
/// </summary>
public class SchemaRegistryConfig
{
    /// <summary>Comma-separated base URLs (Confluent <c>schema.registry.url</c>); tried in order, failing over on transient errors.</summary>
    public string Url { get; set; } = "";

    /// <summary>Confluent <c>schema.registry.basic.auth.credentials.source</c>; null = no auth unless <see cref="BasicAuthUserInfo"/> is set.</summary>
    public AuthCredentialsSource? BasicAuthCredentialsSource { get; set; }

    /// <summary>"user:password" (Confluent <c>schema.registry.basic.auth.user.info</c>). Secret.</summary>
    public string? BasicAuthUserInfo { get; set; }

    /// <summary>Confluent <c>schema.registry.bearer.auth.credentials.source</c>; <c>StaticToken</c> sends <see cref="BearerAuthToken"/>.</summary>
    public BearerAuthCredentialsSource? BearerAuthCredentialsSource { get; set; }

    /// <summary>Bearer token (Confluent <c>schema.registry.bearer.auth.token</c>), e.g. a DataHub personal access token for GMS. Secret.</summary>
    public string? BearerAuthToken { get; set; }

    /// <summary>Sent as <c>target-sr-cluster</c> (Confluent Cloud's logical cluster id), when set.</summary>
    public string? BearerAuthLogicalCluster { get; set; }

    /// <summary>Sent as <c>Confluent-Identity-Pool-Id</c>, when set.</summary>
    public string? BearerAuthIdentityPoolId { get; set; }

    /// <summary>Per-HTTP-request timeout (Confluent default 30000).</summary>
    public int RequestTimeoutMs { get; set; } = 30_000;

    /// <summary>Upper bound of each cache; a full cache is cleared (Confluent default 1000).</summary>
    public int MaxCachedSchemas { get; set; } = 1000;

    /// <summary>How long <c>GetLatestSchemaAsync</c> answers are cached; null or &lt;= 0 = forever (Confluent <c>schema.registry.latest.cache.ttl.secs</c>).</summary>
    public int? LatestCacheTtlSecs { get; set; }

    /// <summary>Retries of a transient failure (network error, timeout, 5xx, 429) per URL round (Confluent default 3).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; doubles per retry, with full jitter (Confluent default 1000).</summary>
    public int RetriesWaitMs { get; set; } = 1000;

    /// <summary>Backoff cap (Confluent default 20000).</summary>
    public int RetriesMaxWaitMs { get; set; } = 20_000;

    /// <summary>PEM/DER CA certificate(s) that replace the system trust store for the registry's TLS certificate.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>False disables server certificate verification (dev only).</summary>
    public bool EnableSslCertificateVerification { get; set; } = true;

    /// <summary>PKCS#12 client certificate for mutual TLS.</summary>
    public string? SslKeystoreLocation { get; set; }

    /// <summary>Password of <see cref="SslKeystoreLocation"/>. Secret.</summary>
    public string? SslKeystorePassword { get; set; }

    internal IReadOnlyList<Uri> ParseUrls()
    {
        var urls = Url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(u => new Uri(u.EndsWith('/') ? u : u + "/", UriKind.Absolute))
            .ToList();
        if (urls.Count == 0)
            throw new ArgumentException("SchemaRegistryConfig.Url must contain at least one URL.", nameof(Url));
        return urls;
    }

    /// <inheritdoc />
    /// <summary>A shallow copy holding only the client settings, to adjust (e.g. timeouts) without touching the original.</summary>
    public SchemaRegistryConfig CopyClientSettings() => new()
    {
        Url = Url,
        BasicAuthCredentialsSource = BasicAuthCredentialsSource,
        BasicAuthUserInfo = BasicAuthUserInfo,
        BearerAuthCredentialsSource = BearerAuthCredentialsSource,
        BearerAuthToken = BearerAuthToken,
        BearerAuthLogicalCluster = BearerAuthLogicalCluster,
        BearerAuthIdentityPoolId = BearerAuthIdentityPoolId,
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

    public override string ToString() =>
        $"SchemaRegistryConfig {{ Url = {Url}, BasicAuth = {(string.IsNullOrEmpty(BasicAuthUserInfo) ? "none" : "***")}, " +
        $"BearerAuth = {(string.IsNullOrEmpty(BearerAuthToken) ? "none" : "***")}, " +
        $"RequestTimeoutMs = {RequestTimeoutMs}, MaxRetries = {MaxRetries}, RetriesWaitMs = {RetriesWaitMs}, " +
        $"RetriesMaxWaitMs = {RetriesMaxWaitMs}, MaxCachedSchemas = {MaxCachedSchemas}, LatestCacheTtlSecs = {LatestCacheTtlSecs}, " +
        $"SslCaLocation = {SslCaLocation}, EnableSslCertificateVerification = {EnableSslCertificateVerification}, " +
        $"SslKeystoreLocation = {SslKeystoreLocation}, SslKeystorePassword = {(SslKeystorePassword is null ? "none" : "***")} }}";
}
