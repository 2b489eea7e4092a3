using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Integration.Tests.Operations;
using MlEvents.Worker.Diagnostics;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>
/// Records built to stall a partition (issue 19): each must be dead-lettered, or recorded and skipped, within seconds,
/// while the events behind it on the same partition are delivered.
/// </summary>
public sealed class HostileRecordTests(MockKafkaCluster cluster, ITestOutputHelper output) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly KafkaTestKit _kafka = new(cluster.BootstrapServers);

    [Fact]
    public async Task A_record_with_1_MB_of_headers_is_dead_lettered_with_its_value_and_the_headers_that_fit_and_later_events_arrive()
    {
        var topics = Create();
        var hugeHeaders = new Headers();
        for (var i = 0; i < 1100; i++)
        {
            hugeHeaders.Add($"h{i:D4}", new byte[1000]); // ≈ 1.1 MB in all: the original headers alone exceed message.max.bytes
        }

        ProduceLarge(topics.Events, [("x0", "a", null), ("x1", "poison", hugeHeaders), ("x2", "b", null), ("x3", "c", null)]);

        var (elapsed, metrics, _) = await RunUntilCommitted(topics, 4);

        var deadLetter = Assert.Single(_kafka.ReadAll(topics.DeadLetter));
        Assert.Equal("x1", KafkaTestKit.Text(deadLetter.Message.Key));
        Assert.Equal("poison", KafkaTestKit.Text(deadLetter.Message.Value));
        Assert.Equal("scripted poison event", KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Reason));
        var omitted = int.Parse(KafkaTestKit.Header(deadLetter, DeadLetterHeaders.HeadersOmitted)!, CultureInfo.InvariantCulture);
        var kept = deadLetter.Message.Headers.Count(h => h.Key.StartsWith('h'));
        Assert.Equal(1100, omitted + kept);
        Assert.InRange(kept, 900, 1000); // as many as fit below message.max.bytes (1,000,000)
        Assert.True(DeadLetterRecord.SizeOf(deadLetter.Message) < 1_000_000);
        Assert.Equal(["x0#a", "x2#b", "x3#c"], Produced(topics));
        Assert.Equal(1, metrics.Sum(WorkerMetrics.EventsDeadLetteredName));
        output.WriteLine($"1.1 MB of headers: dead-lettered ({kept} headers kept, {omitted} omitted), partition committed in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_dead_letter_record_refused_as_too_large_is_produced_again_with_the_error_headers_only()
    {
        var topics = Create();
        _kafka.Produce(topics.Events, [("y0", "a", 0), ("y1", "hostile:6000", 0), ("y2", "b", 0)]);

        // 2,000 bytes: the fitted record (a 16 KiB escaped reason) is refused, the minimal one (1 KiB reason) fits.
        var (elapsed, metrics, logs) = await RunUntilCommitted(topics, 3, ("Kafka:Producer:message.max.bytes", "2000"));

        var deadLetter = Assert.Single(_kafka.ReadAll(topics.DeadLetter));
        Assert.Null(deadLetter.Message.Key);
        Assert.Null(deadLetter.Message.Value);
        Assert.Equal("true", KafkaTestKit.Header(deadLetter, DeadLetterHeaders.ValueOmitted));
        Assert.Equal("y1".Length.ToString(CultureInfo.InvariantCulture), KafkaTestKit.Header(deadLetter, DeadLetterHeaders.KeyOmitted));
        var reason = KafkaTestKit.Header(deadLetter, DeadLetterHeaders.Reason)!;
        Assert.True(reason.Length <= DeadLetterRecord.MinimalReasonLimit, $"reason of {reason.Length} characters");
        Assert.Contains("truncated: 6000 characters in all", reason, StringComparison.Ordinal);
        AssertSingleLine(reason);
        Assert.Equal(["y0#a", "y2#b"], Produced(topics));
        Assert.Contains(logs.Entries, e => e.EventId == 125);
        Assert.Equal(0, metrics.Sum(WorkerMetrics.EventsSkippedName));
        output.WriteLine($"fitted dead-letter record refused, minimal one delivered; partition committed in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task An_event_whose_minimal_dead_letter_record_is_refused_is_logged_counted_flagged_in_readiness_and_skipped()
    {
        var topics = Create();
        _kafka.Produce(topics.Events, [("z0", "a", 0), ("z1", "hostile:6000", 0), ("z2", "b", 0)]);

        // librdkafka's smallest message.max.bytes: even the error headers with a 1 KiB reason do not fit.
        var (elapsed, metrics, logs, readiness) = await RunUntilCommittedWithReadiness(topics, 3, ("Kafka:Producer:message.max.bytes", "1000"));

        Assert.Empty(_kafka.ReadAll(topics.DeadLetter));
        Assert.Equal(["z0#a", "z2#b"], Produced(topics));
        Assert.Equal(1, metrics.Sum(WorkerMetrics.EventsSkippedName, ("stage", "produce")));
        var skipped = Assert.Single(logs.Entries, e => e.EventId == 126);
        Assert.Equal(LogLevel.Error, skipped.Level);
        Assert.Equal(1L, skipped.Values["Offset"]);
        Assert.Equal(DeadLetterRecord.MaxRounds, skipped.Values["Rounds"]);
        Assert.False(readiness.IsReady);
        Assert.Contains("@1 skipped", readiness.Reason, StringComparison.Ordinal);
        Assert.True(logs.Entries.Count(e => e.Category.EndsWith("EventPipeline", StringComparison.Ordinal)) < 100, "no tight retry loop");
        output.WriteLine($"minimal dead-letter record refused: skipped after {DeadLetterRecord.MaxRounds} rounds; partition committed in {elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task No_reason_from_an_input_can_start_a_new_log_line_or_escape_the_terminal()
    {
        var topics = Create();
        _kafka.Produce(topics.Events, [("w0", "hostile:300", 0), ("w1", "hostile:1200000", 0), ("w2", "a", 0)]);

        var (_, _, logs) = await RunUntilCommitted(topics, 3);

        var deadLettered = logs.Entries.Where(e => e.EventId == 120).ToList();
        Assert.Equal(2, deadLettered.Count);
        foreach (var entry in logs.Entries)
        {
            AssertSingleLine(entry.Message);
        }

        Assert.All(deadLettered, e => Assert.True(e.Message.Length < 2 * InputText.LogLimit, $"log line of {e.Message.Length} characters"));
        var records = _kafka.ReadAll(topics.DeadLetter).OrderBy(r => KafkaTestKit.Header(r, DeadLetterHeaders.SourceOffset), StringComparer.Ordinal).ToList();
        Assert.Equal(2, records.Count);
        var shortReason = KafkaTestKit.Header(records[0], DeadLetterHeaders.Reason)!;
        AssertSingleLine(shortReason);
        Assert.Equal(TestTranslator.HostileReason(300), Unescape(shortReason)); // the full reason is recoverable
        var longReason = KafkaTestKit.Header(records[1], DeadLetterHeaders.Reason)!;
        Assert.InRange(longReason.Length, InputText.HeaderLimit - 100, InputText.HeaderLimit);
        Assert.EndsWith("[truncated: 1200000 characters in all]", longReason, StringComparison.Ordinal);
        Assert.Equal(["w2#a"], Produced(topics));
    }

    /// <summary>No character a terminal or a log shipper treats as a line break or a control sequence.</summary>
    internal static void AssertSingleLine(string text)
    {
        foreach (var c in text)
        {
            Assert.False(
                char.IsControl(c) || c is '\u2028' or '\u2029' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format,
                $"character U+{(int)c:X4} in: {text[..Math.Min(200, text.Length)]}");
        }
    }

    /// <summary>Undoes <see cref="InputText.Escape"/> (what a reader of the header would do).</summary>
    internal static string Unescape(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
            }
            else if (text[i + 1] == '\\')
            {
                builder.Append('\\');
                i++;
            }
            else if (text[i + 1] == 'u')
            {
                builder.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else
            {
                builder.Append(char.ConvertFromUtf32(int.Parse(text.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += 9;
            }
        }

        return builder.ToString();
    }

    private async Task<(TimeSpan Elapsed, MetricsRecorder Metrics, CapturingLoggerProvider Logs)> RunUntilCommitted(
        WorkerTopics topics, int count, params (string Key, string Value)[] settings)
    {
        var (elapsed, metrics, logs, _) = await RunUntilCommittedWithReadiness(topics, count, settings);
        return (elapsed, metrics, logs);
    }

    private async Task<(TimeSpan Elapsed, MetricsRecorder Metrics, CapturingLoggerProvider Logs, Observability.Health.ReadinessSignal DeadLetters)> RunUntilCommittedWithReadiness(
        WorkerTopics topics, int count, params (string Key, string Value)[] settings)
    {
        var logs = new CapturingLoggerProvider();
        var overrides = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), output, overrides,
            services => services.AddLogging(logging => logging.AddProvider(logs)));
        var metrics = new MetricsRecorder(host.Services.GetRequiredService<IMeterFactory>());
        var started = Stopwatch.StartNew();
        await host.StartAsync();
        await KafkaTestKit.WaitUntil(() => _kafka.CommittedTotal(topics.Group, topics.Events) == count, Bound, $"all {count} inputs committed");
        var elapsed = started.Elapsed;
        var readiness = host.Services.GetRequiredService<WorkerReadiness>().DeadLetters;
        var (ready, reason) = readiness.Read();
        await host.StopAsync();
        var snapshot = new Observability.Health.ReadinessSignal(readiness.Name, ready, reason);
        return (elapsed, metrics, logs, snapshot);
    }

    private void ProduceLarge(string topic, IEnumerable<(string Key, string Value, Headers? Headers)> inputs)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, MessageMaxBytes = 4_000_000 })
            .SetLogHandler((_, _) => { })
            .Build();
        foreach (var (key, value, headers) in inputs)
        {
            producer.Produce(new TopicPartition(topic, 0), new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(key), Value = Encoding.UTF8.GetBytes(value), Headers = headers });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(20)));
    }

    private List<string> Produced(WorkerTopics topics) =>
        [.. _kafka.ReadAll(topics.Mcp).Select(r => KafkaTestKit.Text(r.Message.Value)).Order(StringComparer.Ordinal)];

    private WorkerTopics Create()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        return topics;
    }
}
