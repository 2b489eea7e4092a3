using System.Text;
using Confluent.Kafka;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Worker;

public sealed class PipelinePartsTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Backoff_grows_exponentially_within_jitter_and_never_exceeds_the_maximum(double random)
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), 2.0, () => random);

        var delays = Enumerable.Range(1, 10).Select(backoff.DelayFor).ToList();

        var factor = 0.8 + (0.4 * random);
        Assert.Equal(100 * factor, delays[0].TotalMilliseconds, 3);
        Assert.Equal(400 * factor, delays[2].TotalMilliseconds, 3);
        Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(2), $"{d} exceeds the cap"));
        Assert.Equal(Math.Min(2000, 2000 * factor), delays[^1].TotalMilliseconds, 3);
    }

    [Fact]
    public void Secrets_are_masked_in_described_settings()
    {
        var described = SecretMasking.Describe(new Dictionary<string, string>
        {
            ["sasl.password"] = "hunter2",
            ["sasl.oauthbearer.client.secret"] = "s3cr3t",
            ["sasl.jaas.config"] = "org.apache.kafka... password=\"x\"",
            ["ssl.key.password"] = "kp",
            ["sasl.oauthbearer.token.endpoint.url"] = "https://idp/token",
            ["bootstrap.servers"] = "b:9092",
        });

        Assert.DoesNotContain("hunter2", described, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", described, StringComparison.Ordinal);
        Assert.DoesNotContain("password=\\\"x", described, StringComparison.Ordinal);
        Assert.DoesNotContain("kp", described.Replace("ssl.key.password", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("bootstrap.servers=b:9092", described, StringComparison.Ordinal);
    }

    [Fact]
    public void Dead_letter_record_keeps_the_original_and_adds_error_and_source_headers()
    {
        var input = new ConsumeResult<byte[]?, byte[]?>
        {
            Topic = "events",
            Partition = 3,
            Offset = 42,
            Message = new Message<byte[]?, byte[]?>
            {
                Key = Encoding.UTF8.GetBytes("k"),
                Value = Encoding.UTF8.GetBytes("v"),
                Headers = new Headers { { "h", Encoding.UTF8.GetBytes("1") } },
                Timestamp = new Timestamp(1_700_000_000_123, TimestampType.CreateTime),
            },
        };

        var record = DeadLetterHeaders.BuildRecord(input, "convert", "no run id", new FormatException("bad"));
        var headers = record.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));

        Assert.Equal("k", Encoding.UTF8.GetString(record.Key!));
        Assert.Equal("v", Encoding.UTF8.GetString(record.Value!));
        Assert.Equal("1", headers["h"]);
        Assert.Equal("convert", headers[DeadLetterHeaders.Stage]);
        Assert.Equal("no run id", headers[DeadLetterHeaders.Reason]);
        Assert.Equal("System.FormatException", headers[DeadLetterHeaders.Exception]);
        Assert.Equal("events", headers[DeadLetterHeaders.SourceTopic]);
        Assert.Equal("3", headers[DeadLetterHeaders.SourcePartition]);
        Assert.Equal("42", headers[DeadLetterHeaders.SourceOffset]);
        Assert.Equal("1700000000123", headers[DeadLetterHeaders.SourceTimestamp]);
        Assert.Null(DeadLetterHeaders.BuildRecord(input, "produce", "too large", null, omitValue: true).Value);
    }

    [Fact]
    public void The_default_classifier_retries_dependency_outages_and_dead_letters_everything_else()
    {
        var classifier = new DefaultTransientErrorClassifier();

        Assert.True(classifier.IsTransient(new TransientException("registry down")));
        Assert.True(classifier.IsTransient(new HttpRequestException("connection refused")));
        Assert.True(classifier.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.True(classifier.IsTransient(new AggregateException(new FormatException(), new System.Net.Sockets.SocketException())));
        Assert.True(classifier.IsTransient(new InvalidOperationException("wrapped", new SchemaRegistryUnavailableException("HTTP 503 from the registry", new HttpRequestException("503")))));
        Assert.False(classifier.IsTransient(new FormatException("bad avro")));
        Assert.False(classifier.IsTransient(new ArgumentException("invalid event")));
    }

    [Fact]
    public void Pass_through_settings_reach_the_clients_but_never_override_the_delivery_guarantees()
    {
        var kafka = new KafkaOptions
        {
            BootstrapServers = "b1:9092",
            Common = { ["security.protocol"] = "SASL_SSL", ["linger.ms"] = "1" },
            Producer = { ["linger.ms"] = "20" },
            Consumer = { ["auto.offset.reset"] = "latest" },
        };
        var configs = new KafkaClientConfigs(Microsoft.Extensions.Options.Options.Create(kafka), Microsoft.Extensions.Options.Options.Create(new WorkerOptions { GroupId = "g" }));

        var producer = configs.Producer();
        var consumer = configs.Consumer();

        Assert.Equal("SASL_SSL", producer.Get("security.protocol"));
        Assert.Equal("20", producer.Get("linger.ms"));
        Assert.True(producer.EnableIdempotence);
        Assert.Equal(Acks.All, producer.Acks);
        Assert.Equal("latest", consumer.Get("auto.offset.reset"));
        Assert.False(consumer.EnableAutoOffsetStore);
        Assert.Equal("g", consumer.GroupId);
        Assert.Equal("b1:9092", consumer.BootstrapServers);
    }

    [Fact]
    public void The_consumer_pre_fetch_queue_is_bounded_by_default_accepted_by_librdkafka_and_overridable()
    {
        var defaults = Configs(new KafkaOptions { BootstrapServers = "127.0.0.1:1" }).Consumer();
        Assert.Equal(KafkaClientConfigs.DefaultQueuedMaxMessagesKbytes, defaults.Get("queued.max.messages.kbytes"));
        Assert.Equal(KafkaClientConfigs.DefaultQueuedMinMessages, defaults.Get("queued.min.messages"));
        Assert.Equal(KafkaClientConfigs.DefaultFetchMaxBytes, defaults.Get("fetch.max.bytes"));
        Assert.Equal("10", defaults.Get("fetch.queue.backoff.ms")); // librdkafka's 1,000 ms idles the worker once the small queue is full
        using (new ConsumerBuilder<byte[], byte[]>(defaults).Build())
        {
            // librdkafka validates the combination when the client is created
        }

        var overridden = Configs(new KafkaOptions
        {
            BootstrapServers = "127.0.0.1:1",
            Common = { ["message.max.bytes"] = "10000000" },
            Consumer = { ["queued.max.messages.kbytes"] = "65536" },
        }).Consumer();
        Assert.Equal("65536", overridden.Get("queued.max.messages.kbytes"));
        Assert.Equal(KafkaClientConfigs.DefaultFetchQueueBackoffMs, overridden.Get("fetch.queue.backoff.ms"));
        Assert.Null(overridden.Get("fetch.max.bytes")); // below the raised message.max.bytes librdkafka would refuse to start
        using (new ConsumerBuilder<byte[], byte[]>(overridden).Build())
        {
        }
    }

    [Fact]
    public void Delivery_reports_carry_no_record_copies_by_default_accepted_by_the_client_and_overridable()
    {
        var defaults = Configs(new KafkaOptions { BootstrapServers = "127.0.0.1:1" }).Producer();
        Assert.Equal("none", defaults.Get("dotnet.producer.delivery.report.fields"));
        using (new ProducerBuilder<byte[], byte[]>(defaults).Build())
        {
            // Confluent.Kafka parses the dotnet.* settings when the client is created
        }

        var overridden = Configs(new KafkaOptions { BootstrapServers = "127.0.0.1:1", Producer = { ["dotnet.producer.delivery.report.fields"] = "key,value" } }).Producer();
        Assert.Equal("key,value", overridden.Get("dotnet.producer.delivery.report.fields"));
        Assert.True(overridden.EnableIdempotence);
    }

    [Fact]
    public void In_flight_budget_stops_intake_at_either_bound_and_has_room_again_at_seven_eighths()
    {
        var budget = new InFlightBudget(maxEvents: 16, maxBytes: 1600);

        budget.Add(15, 100);
        Assert.False(budget.Exhausted);
        budget.Add(1, 0);
        Assert.True(budget.Exhausted);
        budget.Add(-1, 0);
        Assert.False(budget.Exhausted);
        Assert.False(budget.HasRoom); // 15 > 16 - 16/8: taking records again would stop after one
        budget.Add(-1, 0);
        Assert.True(budget.HasRoom);
        Assert.False(budget.MayResume);
        budget.Add(-6, 0);
        Assert.True(budget.MayResume);

        budget.Add(0, 1500);
        Assert.True(budget.Exhausted);
        budget.Add(0, -100);
        Assert.False(budget.HasRoom); // bytes 1,500 of 1,600: more than 7/8
        budget.Add(0, -100);
        Assert.True(budget.HasRoom);
    }

    [Fact]
    public async Task In_flight_budget_wakes_the_waiting_consume_loop_once_acknowledgements_make_room()
    {
        var budget = new InFlightBudget(maxEvents: 16, maxBytes: 1 << 20);
        budget.Add(16, 1000);
        Assert.False(budget.WaitForRoom(TimeSpan.FromMilliseconds(20)));

        var waiting = Task.Factory.StartNew(() => budget.WaitForRoom(TimeSpan.FromMinutes(1)), TaskCreationOptions.LongRunning);
        budget.Add(-1, -10);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted, "one acknowledged event of 16 must not wake the loop: it would take one record at a time");

        budget.Add(-1, -10);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(budget.WaitForRoom(TimeSpan.Zero));
    }

    private static KafkaClientConfigs Configs(KafkaOptions kafka) =>
        new(Microsoft.Extensions.Options.Options.Create(kafka), Microsoft.Extensions.Options.Options.Create(new WorkerOptions { GroupId = "g" }));
}
