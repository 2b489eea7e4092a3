using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Client.Tests.Kafka;

[Collection(EmbeddedBackendCollection.Name)]
public sealed class PublishToKafkaTests(EmbeddedBackend backend)
{
    [Fact]
    public async Task The_guide_arrives_on_the_topic_Avro_decodable_and_keyed_by_entity()
    {
        var topic = backend.NewTopic();
        var options = backend.PublisherOptions(topic);
        options.EventIdFactory = TestPublishers.SequentialIds();
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(TestPublishers.GuideStart));

        await using (var publisher = MlEventsPublisher.Create(options, time))
        {
            await GuideScenario.PublishAsync(publisher, time);
        }

        var arrived = await backend.ReadAllAsync(topic, GuideScenario.EventCount);
        Assert.Equal(GuideScenario.SampleEvents(), arrived.Select(a => a.Event).OrderBy(e => e.EventId));
        Assert.All(arrived, a => Assert.Equal(EventKeys.For(a.Event), a.Key));
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = backend.Registry.Url });
        Assert.Contains($"{topic}-value", await registry.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Events_of_one_entity_share_a_partition_in_publishing_order()
    {
        var topic = backend.NewTopic();
        await using var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic));

        var results = new List<PublishedEvent>();
        for (var version = 1; version <= 5; version++)
        {
            results.Add(await publisher.SetStageAsync("churn", version.ToString(), ModelStage.Staging));
        }

        Assert.Single(results.Select(r => r.Partition).Distinct());
        Assert.Equal(results.Select(r => r.Offset).Order(), results.Select(r => r.Offset));
    }

    [Fact]
    public async Task An_invalid_event_is_rejected_before_the_registry_or_Kafka_see_it()
    {
        var topic = backend.NewTopic();
        await using var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic));
        var requestsBefore = backend.Registry.RequestCount;

        var error = await Assert.ThrowsAsync<EventValidationException>(() => publisher.SetStageAsync("churn", "", ModelStage.Production));

        Assert.Equal("payload.version", Assert.Single(error.Errors).Field);
        Assert.Equal(requestsBefore, backend.Registry.RequestCount);
        Assert.Empty(await backend.ReadAllAsync(topic, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Registry_down_fails_with_a_clear_transient_error_and_nothing_is_sent()
    {
        var topic = backend.NewTopic();
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync();
        await using var publisher = MlEventsPublisher.Create(EmbeddedBackend.Options(backend.Cluster, registry.Url, topic));
        registry.SetAvailable(false);

        var error = await Assert.ThrowsAsync<PublishException>(() => publisher.SetStageAsync("churn", "1", ModelStage.Production));

        Assert.Equal(PublishFailure.SchemaRegistry, error.Failure);
        Assert.True(error.IsTransient);
        Assert.True(error.IsUnreachable);
        Assert.Contains("Schema Registry unreachable", error.Message);
        Assert.Contains(error.EventId, error.Message);
        Assert.Empty(await backend.ReadAllAsync(topic, 1, TimeSpan.FromSeconds(1)));

        registry.SetAvailable(true);
        var published = await publisher.SetStageAsync("churn", "1", ModelStage.Production);
        Assert.Equal(published.Event.EventId, Assert.Single(await backend.ReadAllAsync(topic, 1)).Event.EventId);
    }

    [Fact]
    public async Task Brokers_down_fail_the_publish_call_with_the_event_id_and_Kafkas_error()
    {
        using var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = 1 });
        cluster.CreateTopic("events", EmbeddedBackend.Partitions);
        var options = EmbeddedBackend.Options(cluster, backend.Registry.Url, "events");
        options.DeliveryTimeout = TimeSpan.FromSeconds(1.5);
        await using var publisher = MlEventsPublisher.Create(options);
        cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<PublishException>(() => publisher.SetStageAsync("churn", "1", ModelStage.Production));

        Assert.Equal(PublishFailure.Delivery, error.Failure);
        Assert.Equal(ErrorCode.Local_MsgTimedOut, error.KafkaError?.Code);
        Assert.True(error.IsUnreachable);
        Assert.Equal("model:mlflow:churn", error.Key);
        Assert.Contains(error.EventId, error.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Dispose_flushes_events_still_in_flight()
    {
        var topic = backend.NewTopic();
        var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic));

        var pending = Enumerable.Range(1, 50).Select(v => publisher.SetStageAsync("churn", v.ToString(), ModelStage.Staging)).ToList();
        await publisher.DisposeAsync();

        Assert.All(pending, task => Assert.True(task.IsCompletedSuccessfully));
        Assert.Equal(50, (await backend.ReadAllAsync(topic, 50)).Count);
    }

    [Fact]
    public async Task Flush_names_events_in_flight_and_dispose_gives_them_up_after_the_flush_bound_without_throwing()
    {
        using var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = 1 });
        cluster.CreateTopic("events", EmbeddedBackend.Partitions);
        var options = EmbeddedBackend.Options(cluster, backend.Registry.Url, "events");
        options.DeliveryTimeout = TimeSpan.FromMinutes(1);
        options.FlushTimeout = TimeSpan.FromSeconds(1);
        var publisher = MlEventsPublisher.Create(options);
        await publisher.SetStageAsync("churn", "1", ModelStage.Staging); // connected, schema registered
        cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);

        var pending = publisher.SetStageAsync("churn", "2", ModelStage.Production);
        var flush = await Assert.ThrowsAsync<UndeliveredEventsException>(() => publisher.FlushAsync());
        var started = DateTime.UtcNow;
        await publisher.DisposeAsync(); // never throws: reports instead

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        var lost = await Assert.ThrowsAsync<PublishException>(() => pending);
        Assert.Equal([lost.EventId], flush.EventIds);
        Assert.Equal(PublishFailure.Delivery, lost.Failure);
        var reported = Assert.Single(publisher.UndeliveredEvents);
        Assert.Equal((lost.EventId, "ModelStageChanged", "model:mlflow:churn"), (reported.EventId, reported.EventType, reported.Key));
        Assert.Contains("disposed before Kafka acknowledged", reported.Reason);
    }

    [Fact]
    public async Task An_event_whose_call_was_cancelled_in_flight_still_arrives_and_dispose_waits_for_it()
    {
        using var cluster = new EmbeddedKafkaCluster(new EmbeddedKafkaClusterOptions { BrokerCount = 1 });
        cluster.CreateTopic("events", EmbeddedBackend.Partitions);
        var publisher = MlEventsPublisher.Create(EmbeddedBackend.Options(cluster, backend.Registry.Url, "events"));
        await publisher.SetStageAsync("churn", "1", ModelStage.Staging); // connected, schema registered
        cluster.SetBrokerRtt(1, TimeSpan.FromMilliseconds(800));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publisher.SetStageAsync("churn", "2", ModelStage.Production, cancel.Token));
        await publisher.DisposeAsync();

        Assert.Empty(publisher.UndeliveredEvents);
        var arrived = await EmbeddedBackend.ReadAllAsync(cluster.BootstrapServers, backend.Registry.Url, "events", 2, TimeSpan.FromSeconds(10));
        Assert.Equal(["Staging", "Production"], arrived.Select(a => ((ModelStageChanged)a.Event.Payload).Stage));
    }
}
