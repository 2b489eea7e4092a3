using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using MlEvents.Embedded;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class InFlightBoundTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private const int ManyPartitions = 16;

    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task The_global_in_flight_bound_holds_across_many_partitions_and_everything_arrives_after_the_block()
    {
        const int bound = 100;
        var topics = WorkerTopics.Unique();
        cluster.Cluster.CreateTopic(topics.Events, ManyPartitions);
        cluster.CreateTopics(topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 2000).Select(i => (Key: $"r{i:D5}", Value: $"block|x{i % 7}", Partition: i % ManyPartitions)).ToList();
        _kafka.Produce(topics.Events, inputs);

        var translator = new TestTranslator();
        var overrides = new Dictionary<string, string?> { ["Worker:MaxInFlightEvents"] = $"{bound}", ["Worker:MaxInFlightPerPartition"] = $"{bound}" };
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output, overrides);
        using var gauge = new InFlightGaugeSampler(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();

        // Every translation blocks: without the global bound all 2,000 events would be consumed (125 per partition).
        await KafkaTestKit.WaitUntil(() => gauge.Current >= bound, TimeSpan.FromSeconds(30), "the in-flight bound reached");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        output.WriteLine($"blocked: in flight {gauge.Current}, max {gauge.Max}");
        Assert.Equal(bound, gauge.Current);

        translator.Release();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events, ManyPartitions) == inputs.Count, TimeSpan.FromSeconds(60), "all inputs committed");
        await host.StopAsync();

        output.WriteLine($"max in flight {gauge.Max}, translated {translator.Translated}");
        Assert.InRange(gauge.Max, bound, bound);
        var delivered = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).ToHashSet();
        Assert.All(inputs, i => Assert.Contains(TestTranslator.ValueFor(i.Key, i.Value.Split('|')[1]), delivered));
    }

    /// <summary>
    /// librdkafka keeps an application pause across the loss and re-assignment of a partition; a worker whose
    /// partitions were paused (back-pressure) when they were lost must still fetch them after they come back.
    /// </summary>
    [Fact]
    public async Task Partitions_paused_when_lost_resume_after_re_assignment_and_everything_arrives()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 400).Select(i => (Key: $"r{i:D5}", Value: $"block|x{i % 7}", Partition: i % KafkaTestKit.Partitions)).ToList();
        _kafka.Produce(topics.Events, inputs);

        var translator = new TestTranslator();
        var overrides = new Dictionary<string, string?>
        {
            ["Worker:MaxInFlightPerPartition"] = "10",
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["Kafka:Consumer:session.timeout.ms"] = null, // not allowed with KIP-848: the broker decides
            ["Kafka:Consumer:heartbeat.interval.ms"] = null,
        };
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output, overrides);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        using var gauge = new InFlightGaugeSampler(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => gauge.Current >= 10 * KafkaTestKit.Partitions, TimeSpan.FromSeconds(30), "every partition paused at its window");

        // The coordinator fences the member: librdkafka reports the partitions lost and rejoins, getting them back.
        cluster.Cluster.PushRequestErrors(KafkaApiKey.ConsumerGroupHeartbeat, ErrorCode.FencedMemberEpoch);
        await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.RebalancesName, ("kind", "lost")) >= 1, TimeSpan.FromSeconds(30), "partitions lost");
        await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.RebalancesName, ("kind", "assigned")) >= 2, TimeSpan.FromSeconds(30), "partitions re-assigned");

        translator.Release();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(30), "all inputs committed after re-assignment");
        await host.StopAsync();

        var delivered = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).ToHashSet();
        Assert.All(inputs, i => Assert.Contains(TestTranslator.ValueFor(i.Key, i.Value.Split('|')[1]), delivered));
    }

    /// <summary>
    /// While the global budget is exhausted the loop takes no records and does not poll; when that lasts (here every
    /// translation blocks) it must pause the partitions and poll again, or a rebalance would never be served.
    /// </summary>
    [Fact]
    public async Task A_long_exhausted_budget_still_serves_rebalances_and_everything_arrives()
    {
        const int bound = 40;
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 400).Select(i => (Key: $"r{i:D5}", Value: $"block|x{i % 7}", Partition: i % KafkaTestKit.Partitions)).ToList();
        _kafka.Produce(topics.Events, inputs);

        var translator = new TestTranslator();
        var overrides = new Dictionary<string, string?>
        {
            ["Worker:MaxInFlightEvents"] = $"{bound}",
            ["Worker:MaxInFlightPerPartition"] = $"{bound}",
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["Kafka:Consumer:session.timeout.ms"] = null, // not allowed with KIP-848: the broker decides
            ["Kafka:Consumer:heartbeat.interval.ms"] = null,
        };
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output, overrides);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        using var gauge = new InFlightGaugeSampler(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => gauge.Current >= bound, TimeSpan.FromSeconds(30), "the in-flight budget exhausted");
        await Task.Delay(EventPipeline.HoldBeforePause * 1.5); // past the hold: every partition paused, the loop polling again

        cluster.Cluster.PushRequestErrors(KafkaApiKey.ConsumerGroupHeartbeat, ErrorCode.FencedMemberEpoch);
        await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.RebalancesName, ("kind", "lost")) >= 1, TimeSpan.FromSeconds(30), "partitions lost");
        await KafkaTestKit.WaitUntil(() => metrics.Sum(WorkerMetrics.RebalancesName, ("kind", "assigned")) >= 2, TimeSpan.FromSeconds(30), "partitions re-assigned");

        translator.Release();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(60), "all inputs committed after re-assignment");
        await host.StopAsync();

        Assert.InRange(gauge.Max, bound, bound);
        var delivered = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).ToHashSet();
        Assert.All(inputs, i => Assert.Contains(TestTranslator.ValueFor(i.Key, i.Value.Split('|')[1]), delivered));
    }
}
