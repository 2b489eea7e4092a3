using System.Globalization;
using System.Text;
using Confluent.Kafka;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.Embedded;
using MlEvents.Reliability.Tests.Support;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Faults;

/// <summary>Producer-side trouble with the real translator and real MCPs: a full local queue, an MCP too large, deliveries timing out.</summary>
public sealed class BrokerTroubleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_full_producer_queue_is_waited_out_and_nothing_is_lost()
    {
        await using var env = await StreamEnvironment.StartAsync("queuefull");
        var events = SampleEvents.Stream(600, "qf").ToList();
        await env.PublishAsync(events);

        await using var worker = new InProcessWorker(env, output, new Dictionary<string, string>
        {
            ["Kafka:Producer:queue.buffering.max.messages"] = "20",
        });
        await worker.StartAsync();
        await Eventually.True(() => env.Committed() == events.Count, TimeSpan.FromSeconds(40), "every event committed");
        await worker.StopAsync();

        var queueFull = worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "queue_full"));
        var account = await env.AccountAsync(events);
        output.WriteLine($"queue-full retries {queueFull}; {account}");
        Assert.True(queueFull > 0, "the producer queue never filled up: the test did not exercise Local_QueueFull");
        Assert.Empty(account.Missing);
        Assert.Equal(0, env.Count(env.DeadLetterTopic));
    }

    [Fact]
    public async Task An_mcp_over_the_max_message_size_dead_letters_its_input_with_the_reason_instead_of_retrying()
    {
        await using var env = await StreamEnvironment.StartAsync("toolarge");
        // 1000 hyper-parameters (the limit) are compact in the Avro event but become one large mlTrainingRunProperties MCP
        // (written by RunFinished, its owner in the default write mode).
        var run = (RunFinished)SampleEvents.RunFinished.Payload;
        var hyperParams = Enumerable.Range(0, EventLimits.MaxCollectionItems).ToDictionary(i => $"param_{i:D4}", i => $"value-{i}");
        var big = SampleEvents.RunFinished with { EventId = "big-run", Payload = run with { RunId = "big-run", HyperParams = hyperParams } };
        var small = SampleEvents.Stream(30, "small").ToList();

        var inputSize = (await RawRecords.EncodeAsync(env.Client, env.EventsTopic, big)).Length;
        var largestMcp = new EventConverter(new ConversionOptions()).Convert(big).Max(m => m.AspectValue.Length + m.EntityUrn.Length);
        var limit = inputSize + 4096; // the input and its dead-letter record fit, the largest MCP does not
        output.WriteLine($"input {inputSize} B, largest MCP aspect {largestMcp} B, producer message.max.bytes {limit}");
        Assert.True(largestMcp > limit + 1024, "test precondition: the MCP must be clearly larger than the input");

        List<MlEvent> ordered = [small[0], big, .. small.Skip(1)];
        await RawRecords.ProduceAsync(env.Cluster.BootstrapServers, env.EventsTopic,
            await Task.WhenAll(ordered.Select(async e => (EventKeys.For(e), await RawRecords.EncodeAsync(env.Client, env.EventsTopic, e)))), partition: 0);

        await using var worker = new InProcessWorker(env, output, new Dictionary<string, string>
        {
            ["Kafka:Producer:message.max.bytes"] = limit.ToString(CultureInfo.InvariantCulture),
        });
        await worker.StartAsync();
        await Eventually.True(() => env.Committed() == ordered.Count, TimeSpan.FromSeconds(30), "partition 0 committed to the end");
        await worker.StopAsync();

        var deadLetter = Assert.Single(env.ReadAll(env.DeadLetterTopic));
        var reason = StreamEnvironment.Header(deadLetter, DeadLetterHeaders.Reason);
        output.WriteLine($"dead letter: stage {StreamEnvironment.Header(deadLetter, DeadLetterHeaders.Stage)}, reason {reason}");
        Assert.Equal(EventKeys.For(big), Encoding.UTF8.GetString(deadLetter.Message.Key!));
        Assert.Equal("produce", StreamEnvironment.Header(deadLetter, DeadLetterHeaders.Stage));
        Assert.Contains("too large", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("1", StreamEnvironment.Header(deadLetter, DeadLetterHeaders.SourceOffset));
        Assert.Null(StreamEnvironment.Header(deadLetter, DeadLetterHeaders.ValueOmitted));
        Assert.Equal(0, worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "delivery")));
        Assert.Empty((await env.AccountAsync(small)).Missing);
    }

    [Fact]
    public async Task Deliveries_timing_out_while_the_broker_is_down_are_produced_again_and_nothing_is_lost()
    {
        await using var env = await StreamEnvironment.StartAsync("timeout");
        var events = SampleEvents.Stream(1500, "to").ToList();
        await env.PublishAsync(events);
        await using var worker = new InProcessWorker(env, output, new Dictionary<string, string>
        {
            // Records wait up to linger.ms in the producer before they are sent, so some are always in flight when
            // the broker goes down (with one broker the worker cannot fetch new input meanwhile).
            ["Kafka:Producer:linger.ms"] = "300",
            ["Kafka:Producer:message.timeout.ms"] = "1000",
        });
        await worker.StartAsync();
        // The in-memory counter, not a watermark query: the backlog is translated within about a second, and the
        // outage must begin while its records still linger in the producer.
        await Eventually.True(() => worker.Metrics.Sum(WorkerMetrics.EventsConsumedName) > 0, TimeSpan.FromSeconds(30), "the first consumed events", poll: TimeSpan.FromMilliseconds(5));

        bool readyWhileDown;
        env.Cluster.SetBrokerDown(EmbeddedKafkaCluster.AllBrokers);
        try
        {
            await Eventually.True(() => worker.Metrics.Sum(WorkerMetrics.DeliveryFailuresName) > 0, TimeSpan.FromSeconds(15), "a delivery to time out");
            readyWhileDown = worker.Readiness.Delivering.IsReady;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        finally
        {
            env.Cluster.SetBrokerUp(EmbeddedKafkaCluster.AllBrokers);
        }

        try
        {
            await Eventually.True(() => env.Committed() == events.Count, TimeSpan.FromSeconds(40), "every event committed");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}: committed {env.Committed()} of {events.Count}, {env.Count(env.McpTopic)} MCP records, " +
                $"assigned ready {worker.Readiness.Assigned.IsReady} ({worker.Readiness.Assigned.Reason}), delivering ready {worker.Readiness.Delivering.IsReady}", e);
        }
        await worker.StopAsync();

        var account = await env.AccountAsync(events);
        output.WriteLine($"delivery failures {worker.Metrics.Sum(WorkerMetrics.DeliveryFailuresName)}, delivery retries " +
            $"{worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "delivery"))}; {account}");
        Assert.False(readyWhileDown, "readiness kept reporting the producer as delivering");
        Assert.True(worker.Readiness.Delivering.IsReady, "readiness did not recover after the broker returned");
        Assert.True(worker.Metrics.Sum(WorkerMetrics.RetriesName, ("kind", "delivery")) > 0);
        Assert.Empty(account.Missing);
        Assert.Equal(0, env.Count(env.DeadLetterTopic));
    }
}
