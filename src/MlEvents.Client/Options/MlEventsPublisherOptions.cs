using MlEvents.Contracts;
using Confluent.SchemaRegistry;

namespace MlEvents.Client;

/// <summary>
/// Settings of an <see cref="MlEventsPublisher"/>. Bindable from configuration (section <c>MlEvents:Publisher</c> by
/// convention); <see cref="EventIdFactory"/> is code-only.
/// </summary>
public sealed class MlEventsPublisherOptions
{
    /// <summary>The configuration section the options are conventionally bound from.</summary>
    public const string DefaultSectionName = "MlEvents:Publisher";

    /// <summary>The default events topic, the one the worker reads by default.</summary>
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

    /// <summary>How long <see cref="IMlEventsPublisher.CheckConnectivityAsync"/> waits for Kafka and for the registry. Default 10 s.</summary>
    public TimeSpan ConnectivityTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With dependency injection: check Kafka and the registry when the host starts, so that a wrong address or
    /// credential stops the job at once with librdkafka's error instead of failing the first event after
    /// <see cref="DeliveryTimeout"/>. Default false.
    /// </summary>
    public bool CheckConnectivityOnStart { get; set; }

    /// <summary>
    /// Called for every event the publisher could not deliver (also listed in
    /// <see cref="IMlEventsPublisher.UndeliveredEvents"/> and logged), including those no caller was told about: a call
    /// whose wait was cancelled, events left when <c>DisposeAsync</c>'s flush bound ran out, the failed finish of a run
    /// disposed unfinished. Runs on a thread-pool or the disposing thread; must not block. Code-only.
    /// </summary>
    public Action<UndeliveredEvent>? OnUndelivered { get; set; }

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
