namespace MlEvents.Testcontainers.Tests;

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<KafkaWithSchemaRegistryFixture>
{
    public const string Name = "Real Kafka and Schema Registry";
}
