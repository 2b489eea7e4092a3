using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

public sealed class PoisonAndRetryTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task Poison_events_land_in_the_dead_letter_topic_with_their_original_record_and_error_headers_and_later_events_still_arrive()
    {
        var topics = Create();
        var inputs = new[] { ("k0", "a", 1), ("k1", "poison", 1), ("k2", "b", 1), ("k3", "crash", 1), ("k4", "c|d", 1) };
        var originalHeaders = new Headers { { "traceparent", Encoding.UTF8.GetBytes("00-abc-def-01") } };
        _kafka.Produce(topics.Events, inputs, originalHeaders);
        var sources = _kafka.ReadAll(topics.Events).ToDictionary(r => KafkaTestKit.Text(r.Message.Key));

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.Committed(topics.Group, topics.Events)[1] == inputs.Length, TimeSpan.FromSeconds(30), "partition 1 committed to the end");
        await host.StopAsync();

        var deadLetters = _kafka.ReadAll(topics.DeadLetter).OrderBy(r => r.Offset.Value).ToList();
        Assert.Equal(["k1", "k3"], deadLetters.Select(r => KafkaTestKit.Text(r.Message.Key)));
        AssertDeadLetter(deadLetters[0], sources["k1"], "validate", "scripted poison event", DeadLetterHeaders.NoException);
        AssertDeadLetter(deadLetters[1], sources["k3"], "translate", "scripted permanent exception", typeof(InvalidOperationException).FullName!);

        var produced = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).Order(StringComparer.Ordinal);
        Assert.Equal(["k0#a", "k2#b", "k4#c", "k4#d"], produced);
        Assert.Equal(1, metrics.Sum(WorkerMetrics.EventsDeadLetteredName, ("stage", "validate")));
        Assert.Equal(1, metrics.Sum(WorkerMetrics.EventsDeadLetteredName, ("stage", "translate")));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_the_partition_paused_and_never_dead_lettered()
    {
        var topics = Create();
        var inputs = new[] { ("t0", "a", 2), ("t1", "transient:4|b", 2), ("t2", "c", 2), ("t3", "transient:2|d", 3) };
        _kafka.Produce(topics.Events, inputs);
        var translator = new TestTranslator();

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, translator, output);
        using var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == inputs.Length, TimeSpan.FromSeconds(30), "all inputs committed");
        await host.StopAsync();

        Assert.Empty(_kafka.ReadAll(topics.DeadLetter));
        var produced = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).Order(StringComparer.Ordinal);
        Assert.Equal(["t0#a", "t1#b", "t2#c", "t3#d"], produced);
        Assert.Equal(6, translator.TransientFailuresThrown);
        Assert.Equal(6, metrics.Sum(WorkerMetrics.RetriesName, ("kind", "translate")));
        Assert.Equal(0, metrics.Sum(WorkerMetrics.EventsDeadLetteredName));
    }

    [Fact]
    public async Task A_record_too_large_for_the_broker_dead_letters_its_input_instead_of_retrying_forever()
    {
        var topics = Create();
        var inputs = new[] { ("b0", "a", 0), ("b1", "big|x", 0), ("b2", "c", 0) };
        _kafka.Produce(topics.Events, inputs);
        var overrides = new Dictionary<string, string?> { ["Kafka:Producer:message.max.bytes"] = (TestTranslator.BigRecordBytes / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) };

        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output, overrides);
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.Committed(topics.Group, topics.Events)[0] == inputs.Length, TimeSpan.FromSeconds(30), "partition 0 committed to the end");
        await host.StopAsync();

        var deadLetter = Assert.Single(_kafka.ReadAll(topics.DeadLetter));
        Assert.Equal("b1", KafkaTestKit.Text(deadLetter.Message.Key));
        Assert.Equal("produce", KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Stage));
        Assert.Contains("too large", KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Reason), StringComparison.OrdinalIgnoreCase);
        var produced = _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).ToHashSet();
        Assert.Contains("b0#a", produced);
        Assert.Contains("b2#c", produced);
    }

    private WorkerTopics Create()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        return topics;
    }

    private static void AssertDeadLetter(
        ConsumeResult<byte[]?, byte[]?> deadLetter, ConsumeResult<byte[]?, byte[]?> source, string stage, string reason, string exceptionType)
    {
        Assert.Equal(source.Message.Key, deadLetter.Message.Key);
        Assert.Equal(source.Message.Value, deadLetter.Message.Value);
        Assert.Equal("00-abc-def-01", KafkaTestKit.Header(deadLetter, "traceparent"));
        Assert.Equal(stage, KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Stage));
        Assert.Equal(reason, KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal(exceptionType, KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Exception));
        Assert.Equal(source.Topic, KafkaTestKit.Header(deadLetter, DeadLetterHeaders.SourceTopic));
        Assert.Equal(source.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), KafkaTestKit.Header(deadLetter, DeadLetterHeaders.SourcePartition));
        Assert.Equal(source.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), KafkaTestKit.Header(deadLetter, DeadLetterHeaders.SourceOffset));
        Assert.Equal(source.Message.Timestamp.UnixTimestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture), KafkaTestKit.Header(deadLetter, DeadLetterHeaders.SourceTimestamp));
    }
}
