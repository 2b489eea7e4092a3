using Avro.Generic;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Embedded;
using MlEvents.Integration.Tests.EndToEnd;
using MlEvents.Integration.Tests.Worker;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Diagnostics;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>The worker as Program.cs builds it (pipeline + AvroEventTranslator), observed through /readyz and /metrics.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RealTranslatorObservabilityTests(EndToEndFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Registry_outage_makes_the_worker_not_ready_and_afterwards_the_scenario_is_counted_by_event_type_and_aspect()
    {
        var topics = fixture.NewTopics();
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(); // own registry: the outage must not affect other tests
        var events = TestEvents.Scenario();
        var expectedMcps = TestEvents.Expected(events);
        using var host = PipelineHost.Build(fixture.BootstrapServers, registry.Url, topics, output, new Dictionary<string, string?>
        {
            ["Metrics:Enabled"] = "true",
            ["Metrics:Port"] = "0",
            ["Metrics:Host"] = "127.0.0.1",
            ["Metrics:ShowHealthDetails"] = "true",
            ["Kafka:Common:statistics.interval.ms"] = "200",
        });
        using var scraper = new MetricsScraper(host);
        await host.StartAsync();
        try
        {
            var encoded = await EncodeAll(registry.Url, topics.Events, events);
            registry.SetAvailable(false);
            await ProduceRaw(topics.Events, encoded);

            var (notReadyStatus, notReady) = await WaitForReadiness(scraper, System.Net.HttpStatusCode.ServiceUnavailable);
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, notReadyStatus);
            Assert.Contains(nameof(SchemaRegistryUnavailableException), Description(notReady, WorkerReadiness.SchemaRegistryReachable), StringComparison.Ordinal);
            Assert.Equal(0, MetricsScraper.Sum(await scraper.MetricsAsync(), "mlevents_events_dead_lettered_total"));

            registry.SetAvailable(true);
            await WaitForReadiness(scraper, System.Net.HttpStatusCode.OK);
            var metrics = "";
            await KafkaTestKit.WaitUntil(
                () => MetricsScraper.Sum(metrics = scraper.MetricsAsync().GetAwaiter().GetResult(), "kafka_consumergroup_group_offset", ("group", topics.Group)) == events.Count
                    && MetricsScraper.Sum(metrics, "kafka_consumergroup_group_sum_lag", ("group", topics.Group)) == 0,
                Timeout, "every event committed, lag 0");

            foreach (var type in events.Select(e => e.Payload.TypeName).Distinct())
            {
                Assert.Equal(events.Count(e => e.Payload.TypeName == type), MetricsScraper.Sum(metrics, "mlevents_events_consumed_total", ("event_type", type)));
            }

            foreach (var aspect in expectedMcps.Select(m => m.AspectName).Distinct())
            {
                Assert.Equal(expectedMcps.Count(m => m.AspectName == aspect), MetricsScraper.Sum(metrics, "mlevents_mcps_produced_total", ("aspect", aspect)));
            }

            Assert.Equal(0, MetricsScraper.Sum(metrics, "mlevents_events_dead_lettered_total"));
            Assert.True(MetricsScraper.Sum(metrics, "mlevents_retries_total", ("kind", "translate")) > 0);
        }
        finally
        {
            registry.SetAvailable(true);
            await host.StopAsync();
        }
    }

    private static async Task<(System.Net.HttpStatusCode Status, string Body)> WaitForReadiness(MetricsScraper scraper, System.Net.HttpStatusCode expected)
    {
        var last = (Status: default(System.Net.HttpStatusCode), Body: "");
        await KafkaTestKit.WaitUntil(() => (last = scraper.ReadinessAsync().GetAwaiter().GetResult()).Status == expected, Timeout, $"/readyz {expected}");
        return last;
    }

    private static string Description(string readinessJson, string check)
    {
        using var document = System.Text.Json.JsonDocument.Parse(readinessJson);
        return document.RootElement.GetProperty("checks").GetProperty(check).GetProperty("description").GetString() ?? "";
    }

    private static async Task<IReadOnlyList<(string Key, byte[] Value)>> EncodeAll(string registryUrl, string topic, IReadOnlyList<MlEvent> events)
    {
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registryUrl });
        var serializer = new AvroSerializer<GenericRecord>(registry);
        var context = new SerializationContext(MessageComponentType.Value, topic);
        var encoded = new List<(string, byte[])>();
        foreach (var mlEvent in events)
        {
            encoded.Add((EventKeys.For(mlEvent), await serializer.SerializeAsync(MlEventAvro.ToGenericRecord(mlEvent), context)));
        }

        return encoded;
    }

    private async Task ProduceRaw(string topic, IReadOnlyList<(string Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = fixture.BootstrapServers }).Build();
        foreach (var (key, value) in records)
        {
            await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = key, Value = value });
        }
    }
}
