using Confluent.Kafka;
using Confluent.SchemaRegistry;
using MlEvents.Embedded;

namespace MlEvents.Translation.Tests;

internal static class Registry
{
    public static Task<EmbeddedSchemaRegistry> StartAsync(EmbeddedSchemaRegistryOptions? options = null) =>
        EmbeddedSchemaRegistry.StartNewAsync(options);

    /// <summary>Confluent's client with short retries (MaxRetries 1 is its minimum that sends a request).</summary>
    public static CachedSchemaRegistryClient Client(string url) => new(new SchemaRegistryConfig
    {
        Url = url,
        MaxRetries = 1,
        RetriesWaitMs = 5,
        RetriesMaxWaitMs = 20,
        RequestTimeoutMs = 5_000,
    });

    public static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);
}
