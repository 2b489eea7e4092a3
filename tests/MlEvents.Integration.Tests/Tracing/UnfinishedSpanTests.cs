using System.Collections.Concurrent;
using System.Diagnostics;
using MlEvents.Embedded;
using MlEvents.Integration.Tests.Worker;
using MlEvents.Worker.Diagnostics;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Tracing;

/// <summary>
/// Every <c>process</c> span the worker begins ends, also for events it never finishes: a span left open would never
/// reach the collector (exporters only see ended spans) and keeps its memory in the process.
/// </summary>
public sealed class UnfinishedSpanTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task Spans_of_events_still_translating_when_the_worker_stops_end_as_unfinished()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        var inputs = Enumerable.Range(0, 8).Select(i => (Key: $"r{i}", Value: i < 4 ? $"x{i}" : $"block|x{i}", Partition: i % KafkaTestKit.Partitions)).ToList();
        _kafka.Produce(topics.Events, inputs);

        // The listener is process-wide: only this test's topic counts.
        bool Ours(Activity activity) => Equals(activity.GetTagItem("messaging.destination.name"), topics.Events);
        var started = new ConcurrentDictionary<Activity, bool>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkerTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => started[activity] = true,
        };
        ActivitySource.AddActivityListener(listener);

        var translator = new TestTranslator(); // "block|…" waits until released: never here
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => started.Keys.Count(Ours) == inputs.Count, TimeSpan.FromSeconds(30), "a span for every input");
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == 4, TimeSpan.FromSeconds(30), "the four unblocked inputs committed");
        await host.StopAsync();

        var ours = started.Keys.Where(Ours).ToList();
        foreach (var span in ours)
        {
            output.WriteLine($"offset {span.GetTagItem("messaging.kafka.offset")} of [{span.GetTagItem("messaging.destination.partition.id")}]: stopped {span.IsStopped}, unfinished '{span.GetTagItem(WorkerTracing.UnfinishedTag)}'");
        }

        Assert.All(ours, span => Assert.True(span.IsStopped, "a span of this worker was never ended"));
        var unfinished = ours.Where(span => span.GetTagItem(WorkerTracing.UnfinishedTag) is not null).ToList();
        Assert.Equal(4, unfinished.Count);
        Assert.All(unfinished, span => Assert.Equal("stopped during translation", span.GetTagItem(WorkerTracing.UnfinishedTag)));
    }
}
