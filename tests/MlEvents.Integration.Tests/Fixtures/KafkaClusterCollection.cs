namespace MlEvents.Integration.Tests.Fixtures;

/// <summary>Tests marked <c>[Collection(KafkaClusterCollection.Name)]</c> share one embedded cluster.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaClusterCollection : ICollectionFixture<KafkaClusterFixture>
{
    public const string Name = "Embedded Kafka cluster";
}
