using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class PipelineDeliveryTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task Every_input_arrives_as_its_records_keyed_by_urn_and_the_committed_offsets_reach_the_end()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 400)
            .Select(i => (Key: $"e{i:D4}", Value: string.Join('|', Enumerable.Range(0, 1 + (i % 3)).Select(p => $"p{(i + p) % 7}")), Partition: i % 4))
            .ToList();
        _kafka.Produce(topics.Events, inputs);
        var translator = new TestTranslator();

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(30), "all inputs committed");
        await host.StopAsync();

        var expected = inputs
            .SelectMany(input => input.Value.Split('|').Select(part => (Key: TestTranslator.UrnFor(part), Value: TestTranslator.ValueFor(input.Key, part))))
            .OrderBy(r => r.Value, StringComparer.Ordinal)
            .ToList();
        var actual = _kafka.ReadAll(topics.Mcp)
            .Select(r => (Key: KafkaTestKit.Text(r.Message.Key), Value: KafkaTestKit.Text(r.Message.Value)))
            .OrderBy(r => r.Value, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
        Assert.Empty(_kafka.ReadAll(topics.DeadLetter));

        var committed = _kafka.Committed(topics.Group, topics.Events);
        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(inputs.Count(i => i.Partition == p), committed[p]));
    }

    [Fact]
    public async Task Records_of_one_urn_keep_their_input_order_on_the_mcp_topic_even_with_a_tiny_in_flight_window()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 200).Select(i => (Key: $"o{i:D4}", Value: "same", Partition: 0)).ToList();
        _kafka.Produce(topics.Events, inputs);

        // A window of 20 forces ~20 pause/resume cycles (each resume re-fetches from the consumed position).
        var tinyWindow = new Dictionary<string, string?> { ["Worker:MaxInFlightPerPartition"] = "20", ["Kafka:Consumer:fetch.wait.max.ms"] = "20" };

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output, tinyWindow);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(30), "all inputs committed");
        await host.StopAsync();

        var values = _kafka.ReadAll(topics.Mcp).OrderBy(r => r.Offset.Value).Select(r => KafkaTestKit.Text(r.Message.Value)).ToList();
        Assert.Equal(inputs.Select(i => TestTranslator.ValueFor(i.Key, "same")), values);
    }

    [Fact]
    public async Task A_full_local_producer_queue_is_waited_out_not_fatal()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 300).Select(i => (Key: $"q{i:D3}", Value: "a|b|c|d", Partition: i % 4)).ToList();
        _kafka.Produce(topics.Events, inputs);
        var overrides = new Dictionary<string, string?> { ["Kafka:Producer:queue.buffering.max.messages"] = "8", ["Kafka:Producer:linger.ms"] = "2" };

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output, overrides);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(30), "all inputs committed");
        await host.StopAsync();

        Assert.True(metrics.Sum(MlEvents.Worker.Diagnostics.WorkerMetrics.RetriesName, ("kind", "queue_full")) > 0, "the tiny queue filled up at least once");
        Assert.Equal(inputs.Count * 4, _kafka.ReadAll(topics.Mcp).Count);
        Assert.Equal(inputs.Count * 4, metrics.Sum(MlEvents.Worker.Diagnostics.WorkerMetrics.RecordsProducedName, ("topic", topics.Mcp)));
    }
}
