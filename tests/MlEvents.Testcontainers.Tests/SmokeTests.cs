using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace MlEvents.Testcontainers.Tests;

[Collection(DockerCollection.Name)]
public sealed class SmokeTests(KafkaWithSchemaRegistryFixture docker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [DockerFact]
    public async Task A_message_round_trips_through_the_real_broker()
    {
        var topic = $"smoke-{Guid.NewGuid():N}";
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = docker.BootstrapServers }).Build())
        {
            await admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = 3, ReplicationFactor = 1 }]);
        }
        using (var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = docker.BootstrapServers }).Build())
        {
            await producer.ProduceAsync(topic, new Message<string, string> { Key = "key", Value = "hello" });
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = docker.BootstrapServers,
            GroupId = $"smoke-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(topic);
        var consumed = consumer.Consume(Timeout);
        consumer.Close();

        Assert.NotNull(consumed);
        Assert.Equal(("key", "hello"), (consumed.Message.Key, consumed.Message.Value));
    }

    [DockerFact]
    public async Task The_schema_registry_answers_over_http_and_registers_a_schema()
    {
        using var http = new HttpClient { BaseAddress = docker.SchemaRegistryUrl, Timeout = Timeout };
        var subject = $"smoke-{Guid.NewGuid():N}-value";

        using var subjects = await http.GetAsync("/subjects");
        using var registration = await http.PostAsJsonAsync(
            $"/subjects/{subject}/versions", new { schema = JsonSerializer.Serialize("string") });
        var registered = await registration.Content.ReadFromJsonAsync<JsonElement>();
        var listed = await http.GetFromJsonAsync<string[]>("/subjects");

        Assert.Equal(HttpStatusCode.OK, subjects.StatusCode);
        Assert.Equal(HttpStatusCode.OK, registration.StatusCode);
        Assert.True(registered.GetProperty("id").GetInt32() > 0);
        Assert.Contains(subject, listed!);
    }
}
