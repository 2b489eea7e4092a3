using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class OffsetCommitTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task The_committed_offset_stops_before_an_unfinished_event_while_other_partitions_complete()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var blocked = Enumerable.Range(0, 10).Select(i => (Key: $"p0-{i}", Value: i == 4 ? "block|x" : "a", Partition: 0));
        var free = Enumerable.Range(0, 10).Select(i => (Key: $"p1-{i}", Value: "a", Partition: 1));
        _kafka.Produce(topics.Events, blocked.Concat(free));
        var translator = new TestTranslator();

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.Committed(topics.Group, topics.Events)[1] == 10, TimeSpan.FromSeconds(30), "partition 1 committed");
        await KafkaTestKit.WaitUntil(() => _kafka.Committed(topics.Group, topics.Events)[0] == 4, TimeSpan.FromSeconds(10), "partition 0 committed up to the blocked event");
        await Task.Delay(1000); // several auto-commit intervals: the position must stay put
        Assert.Equal(4, _kafka.Committed(topics.Group, topics.Events)[0]);

        translator.Release();
        await KafkaTestKit.WaitUntil(() => _kafka.Committed(topics.Group, topics.Events)[0] == 10, TimeSpan.FromSeconds(10), "partition 0 committed after release");
        await host.StopAsync();
        Assert.Equal(20, _kafka.ReadAll(topics.Mcp).Count);
    }

    [Fact]
    public async Task Stopping_while_an_event_is_unfinished_commits_only_the_contiguous_acknowledged_prefix()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        _kafka.Produce(topics.Events, Enumerable.Range(0, 8).Select(i => (Key: $"s{i}", Value: i == 3 ? "block|x" : "a", Partition: 2)));

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.ReadAll(topics.Mcp).Count == 3, TimeSpan.FromSeconds(30), "the three events before the blocked one produced");
        await host.StopAsync(); // the blocked translation is cancelled; nothing after it may be committed

        Assert.Equal(3, _kafka.Committed(topics.Group, topics.Events)[2]);
    }
}
