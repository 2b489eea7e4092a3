namespace MlEvents.Worker.Configuration;

/// <summary>
/// Warnings for credentials that would cross the network readable by anyone on the path: registry credentials on an
/// <c>http://</c> URL, a SASL/PLAIN password on a <c>SASL_PLAINTEXT</c> Kafka connection. Warnings only: a local
/// development setup may do this on purpose.
/// </summary>
public static class PlaintextCredentials
{
    /// <summary>For each <c>http://</c> registry URL when basic or bearer credentials are configured.</summary>
    public static IEnumerable<string> ForRegistry(string? urls, bool hasCredentials, string credentialsSetting)
    {
        if (!hasCredentials || string.IsNullOrWhiteSpace(urls))
        {
            yield break;
        }

        foreach (var url in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp)
            {
                yield return $"{credentialsSetting} is sent in clear text to the schema registry at http://{uri.Authority}: use an https:// URL.";
            }
        }
    }

    /// <summary>When librdkafka would send a SASL/PLAIN password without TLS.</summary>
    public static IEnumerable<string> ForKafka(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var protocol = settings.GetValueOrDefault("security.protocol", "plaintext");
        var mechanism = settings.GetValueOrDefault("sasl.mechanism", settings.GetValueOrDefault("sasl.mechanisms", "GSSAPI"));
        if (string.Equals(protocol, "sasl_plaintext", StringComparison.OrdinalIgnoreCase)
            && string.Equals(mechanism, "PLAIN", StringComparison.OrdinalIgnoreCase)
            && settings.ContainsKey("sasl.password"))
        {
            yield return "sasl.password is sent in clear text to the Kafka brokers (security.protocol=SASL_PLAINTEXT with sasl.mechanism=PLAIN): use SASL_SSL.";
        }
    }
}
