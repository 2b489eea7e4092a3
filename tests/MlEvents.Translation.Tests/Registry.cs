using Confluent.Kafka;
using MlEvents.Embedded;

namespace MlEvents.SchemaRegistry.Tests;

internal static class Registry
{
    public static Task<EmbeddedSchemaRegistry> StartAsync(EmbeddedSchemaRegistryOptions? options = null) =>
        EmbeddedSchemaRegistry.StartNewAsync(options);

    public static SchemaRegistryConfig Config(string url, int maxRetries = 2) => new()
    {
        Url = url,
        MaxRetries = maxRetries,
        RetriesWaitMs = 5,
        RetriesMaxWaitMs = 20,
        RequestTimeoutMs = 5_000,
    };

    public static CachedSchemaRegistryClient Client(string url, HttpMessageHandler? handler = null, int maxRetries = 2) =>
        new(Config(url, maxRetries), handler);

    public static SerializationContext Value(string topic) => new(MessageComponentType.Value, topic);

    public static SerializationContext Key(string topic) => new(MessageComponentType.Key, topic);
}
