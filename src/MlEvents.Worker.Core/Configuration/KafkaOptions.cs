namespace MlEvents.Worker.Configuration;

/// <summary>
/// Section <c>Kafka</c>. <see cref="Common"/>, <see cref="Consumer"/> and <see cref="Producer"/> are passed verbatim to
/// librdkafka (security.protocol, sasl.*, ssl.*, OAUTHBEARER, ...); client-specific entries win over common ones.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated host:port list (<c>Kafka__BootstrapServers</c>).</summary>
    public string BootstrapServers { get; set; } = "";

    public Dictionary<string, string> Common { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Consumer { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Producer { get; set; } = new(StringComparer.Ordinal);
}
