using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Worker.Diagnostics;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class DeliveryFailureTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task Records_whose_delivery_times_out_are_produced_again_and_their_inputs_committed_only_after_acknowledgement()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 400).Select(i => (Key: $"d{i:D3}", Value: "a|b", Partition: i % 4)).ToList();
        _kafka.Produce(topics.Events, inputs);
        var translator = new TestTranslator { DelayPerEvent = TimeSpan.FromMilliseconds(5) };
        var overrides = new Dictionary<string, string?> { ["Kafka:Producer:message.timeout.ms"] = "1000" };

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output, overrides);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => translator.Translated >= 40, TimeSpan.FromSeconds(30), "worker in mid-stream");
        long committedWhileDown;
        cluster.SetAllBrokersDown(true);
        try
        {
            await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.DeliveryFailuresName) > 0, TimeSpan.FromSeconds(10), "a delivery failure");
            committedWhileDown = metrics.Sum(WorkerMetrics.RecordsProducedName);
        }
        finally
        {
            cluster.SetAllBrokersDown(false);
        }

        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(40), "all inputs committed");
        await host.StopAsync();

        output.WriteLine($"delivery failures {metrics.Sum(WorkerMetrics.DeliveryFailuresName)}, delivery retries {metrics.Sum(WorkerMetrics.RetriesName, ("kind", "delivery"))}");
        Assert.True(metrics.Sum(WorkerMetrics.RetriesName, ("kind", "delivery")) > 0);
        Assert.Empty(_kafka.ReadAll(topics.DeadLetter));
        var delivered = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).ToHashSet();
        var missing = inputs.SelectMany(i => new[] { TestTranslator.ValueFor(i.Key, "a"), TestTranslator.ValueFor(i.Key, "b") }).Where(v => !delivered.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} records lost, e.g. {string.Join(", ", missing.Take(5))}");
    }
}
