using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>Worker:ShutdownTimeout bounds the whole stop, also when no broker answers any more (issue 19: ~60 s against 20 s).</summary>
public sealed class ShutdownBoundTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(3);

    // Slack for the host's own stop (metrics server, other hosted services) on a loaded 2-core machine.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task With_every_broker_gone_the_worker_stops_within_its_shutdown_timeout()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        _kafka.Produce(topics.Events, Enumerable.Range(0, 40).Select(i => ($"s{i}", "a|b", i % KafkaTestKit.Partitions)));
        var translator = new TestTranslator();
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output, new Dictionary<string, string?>
        {
            ["Worker:ShutdownTimeout"] = ShutdownTimeout.ToString(),
            ["Kafka:Consumer:group.protocol"] = "consumer",
            ["Kafka:Consumer:session.timeout.ms"] = null,
            ["Kafka:Consumer:heartbeat.interval.ms"] = null,
        });
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == 40, TimeSpan.FromSeconds(30), "all inputs committed");

        // More input the worker has consumed but cannot deliver: its producer and consumer both have work for the brokers.
        _kafka.Produce(topics.Events, Enumerable.Range(0, 8).Select(i => ($"t{i}", "block|c", i % KafkaTestKit.Partitions)));
        await KafkaTestKit.WaitUntil(() => translator.Translated >= 40, TimeSpan.FromSeconds(10), "first inputs translated");
        await Task.Delay(500);
        cluster.SetAllBrokersDown(true);
        try
        {
            translator.Release();
            await Task.Delay(500);
            var stopping = Stopwatch.StartNew();
            await host.StopAsync(CancellationToken.None);
            var elapsed = stopping.Elapsed;

            output.WriteLine($"stopped in {elapsed.TotalSeconds:F1} s with every broker down (Worker:ShutdownTimeout {ShutdownTimeout.TotalSeconds} s)");
            Assert.True(elapsed < ShutdownTimeout + Slack, $"stop took {elapsed.TotalSeconds:F1} s, bound {ShutdownTimeout.TotalSeconds} s");
        }
        finally
        {
            cluster.SetAllBrokersDown(false);
        }
    }
}
