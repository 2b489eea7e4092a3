using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class RestartAndGroupTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task A_worker_stopped_mid_stream_and_restarted_delivers_every_record_at_least_once()
    {
        var topics = Create();
        var inputs = Inputs(2000);
        _kafka.Produce(topics.Events, inputs);

        var first = new TestTranslator { DelayPerEvent = TimeSpan.FromMilliseconds(1) };
        using (var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, first, output))
        {
            await host.StartAsync();
            await KafkaTestKit.WaitUntil(() => first.Translated >= 300, TimeSpan.FromSeconds(30), "first worker in mid-stream");
            await host.StopAsync();
        }

        var committedAfterStop = _kafka.CommittedTotal(topics.Group, topics.Events);
        output.WriteLine($"first worker translated {first.Translated}, committed {committedAfterStop} of {inputs.Count}");
        Assert.InRange(committedAfterStop, 1, inputs.Count - 1);

        var second = new TestTranslator();
        using (var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, second, output))
        {
            await host.StartAsync();
            await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(30), "all inputs committed");
            await host.StopAsync();
        }

        var delivered = AssertEveryRecordDelivered(topics.Mcp, inputs);
        output.WriteLine($"second worker translated {second.Translated}; {delivered.Total} records on the MCP topic for {delivered.Expected} expected, {delivered.Duplicates} duplicates");
        Assert.Equal(first.Translated, committedAfterStop); // a graceful stop flushes and commits everything it translated
        Assert.Equal(inputs.Count - committedAfterStop, second.Translated); // the restart resumes exactly at the committed offsets
    }

    /// <summary>
    /// On the classic protocol the mock refuses commits while a rebalance is in progress ("Group rebalance in progress";
    /// a real broker accepts them in PreparingRebalance), so the drained offsets cannot be committed there and the new
    /// owner re-processes from the last auto-commit: at-least-once holds, exactly-once-after-drain only with KIP-848.
    /// </summary>
    [Theory]
    [InlineData("classic")]
    [InlineData("consumer")]
    public async Task A_second_worker_joining_mid_stream_shares_the_partitions_after_the_first_drains(string protocol)
    {
        var topics = Create();
        var inputs = Inputs(2000);
        _kafka.Produce(topics.Events, inputs);
        var left = new TestTranslator { DelayPerEvent = TimeSpan.FromMilliseconds(5) };
        var right = new TestTranslator { DelayPerEvent = TimeSpan.FromMilliseconds(5) };

        var settings = protocol == "consumer"
            ? new Dictionary<string, string?>
            {
                ["Kafka:Consumer:group.protocol"] = "consumer",
                ["Kafka:Consumer:session.timeout.ms"] = null, // not allowed with KIP-848: the broker decides
                ["Kafka:Consumer:heartbeat.interval.ms"] = null,
            }
            : [];
        using var leftHost = WorkerHostFactory.Build(cluster.BootstrapServers, topics, left, output, settings);
        using var rightHost = WorkerHostFactory.Build(cluster.BootstrapServers, topics, right, output, settings);
        await leftHost.StartAsync();
        await KafkaTestKit.WaitUntil(() => left.Translated >= 100, TimeSpan.FromSeconds(30), "first worker in mid-stream");
        await rightHost.StartAsync(); // triggers a rebalance: the first worker's partitions are revoked, drained and committed
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Count, TimeSpan.FromSeconds(40), "all inputs committed");
        await Task.WhenAll(leftHost.StopAsync(), rightHost.StopAsync());

        var delivered = AssertEveryRecordDelivered(topics.Mcp, inputs);
        output.WriteLine($"left translated {left.Translated}, right translated {right.Translated}; {delivered.Duplicates} duplicate records");
        Assert.True(left.Translated > 0 && right.Translated > 0, "both workers got partitions");
        if (protocol == "consumer")
        {
            Assert.Equal(inputs.Count, left.Translated + right.Translated); // revocation drained and committed: nothing translated twice
            Assert.Equal(0, delivered.Duplicates);
        }
    }

    private WorkerTopics Create()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        return topics;
    }

    private static List<(string Key, string Value, int Partition)> Inputs(int count) =>
        [.. Enumerable.Range(0, count).Select(i => (Key: $"r{i:D5}", Value: $"x{i % 5}|y{i % 3}", Partition: i % KafkaTestKit.Partitions))];

    private (int Expected, int Total, int Duplicates) AssertEveryRecordDelivered(string mcpTopic, List<(string Key, string Value, int Partition)> inputs)
    {
        var counts = _kafka.ReadAll(mcpTopic)
            .GroupBy(r => (Key: KafkaTestKit.Text(r.Message.Key), Value: KafkaTestKit.Text(r.Message.Value)))
            .ToDictionary(g => g.Key, g => g.Count());
        var expected = inputs.SelectMany(i => i.Value.Split('|').Select(p => (Key: TestTranslator.UrnFor(p), Value: TestTranslator.ValueFor(i.Key, p)))).ToList();
        var missing = expected.Where(e => !counts.ContainsKey(e)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} records never delivered, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.Empty(counts.Keys.Except(expected));
        return (expected.Count, counts.Values.Sum(), counts.Values.Sum() - expected.Count);
    }
}
