using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using MlEvents.Client;
using MlEvents.Client.Tests.Support;

namespace MlEvents.Client.Tests.Kafka;

[Collection(EmbeddedBackendCollection.Name)]
public sealed class TraceContextTests(EmbeddedBackend backend)
{
    [Fact]
    public async Task Inside_an_activity_each_event_carries_its_traceparent_and_tracestate()
    {
        var topic = backend.NewTopic();
        using var job = new Activity("train churn model");
        job.SetIdFormat(ActivityIdFormat.W3C);
        job.TraceStateString = "vendor=abc";
        job.Start();

        await using (var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic)))
        {
            await publisher.UpsertExperimentAsync("churn");
        }
        job.Stop();

        var headers = Assert.Single(ReadHeaders(topic, 1));
        Assert.Equal(job.Id, headers.GetValueOrDefault("traceparent"));
        Assert.Equal("vendor=abc", headers.GetValueOrDefault("tracestate"));
    }

    [Fact]
    public async Task Outside_an_activity_no_trace_header_is_written()
    {
        var topic = backend.NewTopic();
        Activity.Current = null;

        await using (var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic)))
        {
            await publisher.UpsertExperimentAsync("churn");
        }

        Assert.Empty(Assert.Single(ReadHeaders(topic, 1)));
    }

    [Fact]
    public async Task A_continued_trace_is_passed_on_unchanged()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var topic = backend.NewTopic();

        using (PublisherTracing.ContinueTrace(parent, "congo=t61rcWkgMzE"))
        await using (var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic)))
        {
            await publisher.UpsertExperimentAsync("churn");
            await publisher.UpsertModelGroupAsync("churn-model");
        }

        Assert.All(ReadHeaders(topic, 2), headers =>
        {
            Assert.Equal(parent, headers.GetValueOrDefault("traceparent"));
            Assert.Equal("congo=t61rcWkgMzE", headers.GetValueOrDefault("tracestate"));
        });
        Assert.Null(PublisherTracing.ContinueTrace("not-a-traceparent"));
        Assert.Null(PublisherTracing.ContinueTrace(null));
    }

    [Fact]
    public async Task With_a_listener_a_send_span_per_event_becomes_the_parent_and_keeps_a_continued_traces_parent()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var topic = backend.NewTopic();
        var sends = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PublisherTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("messaging.destination.name") as string == topic)
                {
                    sends.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        PublishedEvent published;
        using (PublisherTracing.ContinueTrace(parent))
        await using (var publisher = MlEventsPublisher.Create(backend.PublisherOptions(topic)))
        {
            published = await publisher.UpsertExperimentAsync("churn");
        }

        var send = Assert.Single(sends);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", send.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", send.ParentSpanId.ToHexString());
        Assert.Equal(published.Event.EventId, send.GetTagItem("messaging.message.id"));
        Assert.Equal(published.Offset, send.GetTagItem("messaging.kafka.offset"));
        Assert.Equal(send.Id, Assert.Single(ReadHeaders(topic, 1)).GetValueOrDefault("traceparent"));
    }

    private List<Dictionary<string, string>> ReadHeaders(string topic, int expected)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = backend.Cluster.BootstrapServers,
            GroupId = "headers-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 50,
        }).Build();
        consumer.Assign(Enumerable.Range(0, EmbeddedBackend.Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var results = new List<Dictionary<string, string>>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } message)
            {
                results.Add(message.Message.Headers.ToDictionary(h => h.Key, h => Encoding.ASCII.GetString(h.GetValueBytes())));
            }
        }

        Assert.Equal(expected, results.Count);
        return results;
    }
}
