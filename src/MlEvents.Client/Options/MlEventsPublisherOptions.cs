using MlEvents.Contracts;
using Confluent.SchemaRegistry;

namespace MlEvents.Client;

/// <summary>
/// Settings of an <see cref="MlEventsPublisher"/>. Bindable from configuration (section <c>MlEvents:Publisher</c> by
/// convention); <see cref="EventIdFactory"/> is code-only.
/// </summary>
public sealed class MlEventsPublisherOptions
{
    public const string DefaultSectionName = "MlEvents:Publisher";
    public const string DefaultTopic = "mlevents.events";

    /// <summary>Kafka bootstrap servers, host:port[,host:port...] (librdkafka <c>bootstrap.servers</c>).</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>Schema Registry URL(s), comma-separated; shortcut for <see cref="SchemaRegistry"/>.<c>Url</c>.</summary>
    public string SchemaRegistryUrl
    {
        get => SchemaRegistry.Url;
        set => SchemaRegistry.Url = value;
    }

    /// <summary>Full Schema Registry client settings (basic auth, TLS, timeouts, retries).</summary>
    public SchemaRegistryConfig SchemaRegistry { get; set; } = new();

    /// <summary>The events topic (default <c>mlevents.events</c>); the value subject is <c>&lt;topic&gt;-value</c>.</summary>
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>Source platform of every event: mlflow, sagemaker, vertexai, ... (required).</summary>
    public string Platform { get; set; } = "";

    /// <summary>DataHub fabric of every event (default PROD).</summary>
    public string Environment { get; set; } = MlEvent.DefaultEnvironment;

    /// <summary>Who causes the facts (user name or DataHub actor URN); null = DataHub's default actor.</summary>
    public string? Actor { get; set; }

    /// <summary>
    /// How long a single event may take to be acknowledged by all in-sync replicas before its publish call fails
    /// (librdkafka <c>message.timeout.ms</c>). Default 2 minutes.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long <c>DisposeAsync</c> waits for events still in flight before it reports them undelivered. Default 30 s.</summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Extra librdkafka producer settings, passed through verbatim (security.protocol, sasl.*, ssl.*, client.id,
    /// linger.ms, ...). <c>acks</c> and <c>enable.idempotence</c> are fixed (all, true) and may not be weakened.
    /// </summary>
    public Dictionary<string, string> KafkaSettings { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Register schemas/MlEvent.avsc under the subject on first use (default true).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>Subject naming (default Topic: <c>&lt;topic&gt;-value</c>, which the worker reads).</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;

    /// <summary>
    /// When a model version registration adds a new training run to a group this publisher upserted before,
    /// re-publish that group (same description and properties) with every run known so far, so that a DataHub
    /// without PATCH support keeps all of them. Default true.
    /// </summary>
    public bool RepublishModelGroupOnNewRun { get; set; } = true;

    /// <summary>
    /// Makes the event id of a payload (default: a random UUID). Use a deterministic function (e.g. derived from the
    /// run id and the event type) when a job that is re-run must reuse the ids of the facts it already published.
    /// </summary>
    public Func<MlEventPayload, string>? EventIdFactory { get; set; }
}
