namespace MlEvents.Worker.Configuration;

/// <summary>Renders client settings for logs with secrets replaced by "*****".</summary>
public static class SecretMasking
{
    private static readonly string[] SecretMarkers = ["password", "secret", "token", "sasl.jaas", "key.pem", "oauthbearer.config"];

    public static bool IsSecret(string key) => SecretMarkers.Any(marker => key.Contains(marker, StringComparison.OrdinalIgnoreCase));

    public static string Describe(IEnumerable<KeyValuePair<string, string>> settings) =>
        string.Join(", ", settings
            .OrderBy(setting => setting.Key, StringComparer.Ordinal)
            .Select(setting => $"{setting.Key}={(IsSecret(setting.Key) ? "*****" : setting.Value)}"));
}
