using System.Text.RegularExpressions;

namespace MlEvents.Worker.Configuration;

/// <summary>
/// Renders settings for logs with secrets replaced by "*****". A setting is secret by a rule, not by a list that can
/// miss one: its name contains a word that secrets are named with (password, passphrase, secret, token, key, credential,
/// userinfo/user.info, jaas, pem, private, assertion, sasl.oauthbearer.config), ignoring case and separators. That covers
/// every setting librdkafka marks sensitive and every Confluent schema-registry secret (see <see cref="KnownSecrets"/>,
/// which a test checks against the rule) and masks a few harmless ones too (e.g. <c>ssl.key.location</c>). Values
/// that are URLs keep everything but their user info.
/// </summary>
public static partial class SecretMasking
{
    public const string Mask = "*****";

    private static readonly string[] SecretWords =
        ["password", "passwd", "passphrase", "secret", "token", "key", "credential", "userinfo", "jaas", "pem", "private", "assertion", "oauthbearerconfig"];

    /// <summary>
    /// Settings known to hold secrets: librdkafka's sensitive properties (CONFIGURATION.md / rdkafka_conf.c) and
    /// Confluent.SchemaRegistry's secret settings, as configuration keys and as .NET property names.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownSecrets =
    [
        "sasl.password", "sasl.oauthbearer.config", "sasl.oauthbearer.client.secret",
        "sasl.oauthbearer.assertion.private.key.passphrase", "sasl.oauthbearer.assertion.private.key.pem",
        "sasl.oauthbearer.assertion.private.key.file", "sasl.oauthbearer.assertion.jwt.template.file",
        "ssl.key.password", "ssl.key.pem", "ssl_key", "ssl.keystore.password", "ssl.truststore.password", "sasl.jaas.config",
        "schema.registry.basic.auth.user.info", "schema.registry.bearer.auth.token", "schema.registry.bearer.auth.client.secret",
        "schema.registry.ssl.keystore.password",
        "BasicAuthUserInfo", "BearerAuthToken", "BearerAuthClientSecret", "SslKeystorePassword", "SaslPassword", "SslKeyPassword",
        "SslKeyPem", "SaslOauthbearerConfig", "SaslOauthbearerClientSecret", "SaslOauthbearerAssertionPrivateKeyPassphrase",
        "SaslOauthbearerAssertionPrivateKeyPem",
    ];

    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var normalized = Normalize(key);
        return SecretWords.Any(word => normalized.Contains(word, StringComparison.Ordinal));
    }

    /// <summary>The value as it may be logged: masked for a secret setting, URL user info masked otherwise.</summary>
    public static string Render(string key, string? value) =>
        IsSecret(key) ? Mask : value is null ? "" : MaskUrlUserInfo(value);

    public static string Describe(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join(", ", settings
            .OrderBy(setting => setting.Key, StringComparer.Ordinal)
            .Select(setting => $"{setting.Key}={Render(setting.Key, setting.Value)}"));

    /// <summary><c>scheme://user:password@host</c> → <c>scheme://*****@host</c> (up to the last '@' before the path).</summary>
    public static string MaskUrlUserInfo(string value) => UrlUserInfo().Replace(value, m => m.Groups["scheme"].Value + Mask + "@");

    // Separators and case do not matter: sasl.password, SASL_PASSWORD, SaslPassword, sasl-password are one name.
    private static string Normalize(string key) =>
        new([.. key.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s,]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
