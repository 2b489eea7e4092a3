using Confluent.Kafka;
using MlEvents.Embedded;

namespace MlEvents.Cli.Tests;

public sealed class LagCommandTests : IDisposable
{
    private readonly EmbeddedKafkaCluster _cluster = new();

    [Fact]
    public async Task Prints_committed_offset_log_end_offset_and_lag_per_partition_of_the_group()
    {
        var topic = Unique("events");
        var group = Unique("group");
        _cluster.CreateTopic(topic, 3);
        Produce(topic, partition: 0, count: 10);
        Produce(topic, partition: 1, count: 2);
        Commit(group, new TopicPartitionOffset(topic, 0, 6), new TopicPartitionOffset(topic, 1, 2));

        var run = await CliRunner.RunAsync("lag", "--group", group, "--bootstrap-servers", _cluster.BootstrapServers, "--topic", topic);

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Columns).ToList();
        Assert.Equal(["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG"], lines[0]);
        Assert.Equal(
            [
                [group, topic, "0", "6", "10", "4"],
                [group, topic, "1", "2", "2", "0"],
                [group, topic, "2", "-", "0", "-"],
            ],
            lines.Skip(1));
    }

    [Fact]
    public async Task Several_topics_are_described_in_one_table()
    {
        var first = Unique("a");
        var second = Unique("b");
        var group = Unique("group");
        _cluster.CreateTopic(first, 1);
        _cluster.CreateTopic(second, 1);
        Produce(first, partition: 0, count: 3);
        Produce(second, partition: 0, count: 5);
        Commit(group, new TopicPartitionOffset(first, 0, 3), new TopicPartitionOffset(second, 0, 1));

        var run = await CliRunner.RunAsync("lag", "-g", group, "-b", _cluster.BootstrapServers, "-t", first, "-t", second);

        Assert.True(run.ExitCode == 0, run.Error);
        var rows = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(Columns).ToList();
        Assert.Equal([[group, first, "0", "3", "3", "0"], [group, second, "0", "1", "5", "4"]], rows);
    }

    [Fact]
    public async Task An_unknown_topic_fails_with_its_name_on_stderr()
    {
        var missing = Unique("missing");

        var run = await CliRunner.RunAsync("lag", "--group", "g", "--bootstrap-servers", _cluster.BootstrapServers, "--topic", missing, "--timeout", "3s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Every_missing_required_option_is_reported_at_once_with_exit_code_2()
    {
        var run = await CliRunner.RunAsync("lag");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error: --group is required", run.Error, StringComparison.Ordinal);
        Assert.Contains("error: --bootstrap-servers is required (or set MLEVENTS_BOOTSTRAP_SERVERS)", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'mlevents lag --help'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_broker_exits_3_within_the_timeout_naming_the_address()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();

        var run = await CliRunner.RunAsync("lag", "--group", "g", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "2");

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("error: cannot reach Kafka at 127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed} with --timeout 2");
    }

    [Theory]
    [InlineData("00:00:03")]
    [InlineData("2 days")]
    [InlineData("-1s")]
    [InlineData("0")]
    public async Task A_timeout_that_is_not_a_positive_duration_is_a_usage_error(string timeout)
    {
        var run = await CliRunner.RunAsync("lag", "--group", "g", "--bootstrap-servers", "127.0.0.1:1", "--timeout", timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--timeout '{timeout}': expected a duration such as 500ms, 10s, 2m or 1h", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_client_setting_is_rejected_without_echoing_it()
    {
        var run = await CliRunner.RunAsync("lag", "--group", "g", "--bootstrap-servers", "127.0.0.1:1", "-X", "client.id=x", "-X", "S3cr3tPassword");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--kafka-setting number 2: expected name=value", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3t", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_settings_come_from_a_properties_file_so_secrets_stay_out_of_the_command_line()
    {
        var file = Path.GetTempFileName();
        try
        {
            // librdkafka names the property it does not know: proof that the file's settings reach the client.
            await File.WriteAllTextAsync(file, "# secured cluster\nsecurity.protocol=sasl_plaintext\nsasl.mechanism=PLAIN\nsasl.username=u\nsasl.password=S3cr3t\nno.such.property=1\n");

            var run = await CliRunner.RunAsync("lag", "--group", "g", "--bootstrap-servers", _cluster.BootstrapServers, "--kafka-config", file);

            Assert.True(run.ExitCode != 0, run.Error);
            Assert.Contains("no.such.property", run.Error, StringComparison.Ordinal);
            Assert.Contains("warning: sasl.password is sent in clear text", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("S3cr3t", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Client_settings_come_from_environment_variables_in_the_worker_s_and_a_shell_friendly_form()
    {
        var settings = SecretSources.KafkaSettingsFromEnvironment(new System.Collections.Hashtable
        {
            ["Kafka__Common__sasl.username"] = "worker-user",
            ["Kafka__Common__sasl.password"] = "overridden",
            ["MLEVENTS_KAFKA_SASL_PASSWORD"] = "S3cr3t",
            ["MLEVENTS_KAFKA_SECURITY_PROTOCOL"] = "SASL_SSL",
            ["MLEVENTS_KAFKA_CONFIG"] = "/not/a/setting",
            ["PATH"] = "/usr/bin",
        });

        Assert.Equal(
            new Dictionary<string, string> { ["sasl.username"] = "worker-user", ["sasl.password"] = "S3cr3t", ["security.protocol"] = "SASL_SSL" },
            settings);
    }

    [Fact]
    public void A_secret_variable_can_name_a_file_instead()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "svc:S3cr3t\n");
            var variables = new Dictionary<string, string> { ["MLEVENTS_SCHEMA_REGISTRY_USER_INFO_FILE"] = file };

            Assert.Equal("svc:S3cr3t", SecretSources.Variable("MLEVENTS_SCHEMA_REGISTRY_USER_INFO", n => variables.GetValueOrDefault(n)));
            variables["MLEVENTS_SCHEMA_REGISTRY_USER_INFO"] = "direct:value";
            Assert.Equal("direct:value", SecretSources.Variable("MLEVENTS_SCHEMA_REGISTRY_USER_INFO", n => variables.GetValueOrDefault(n)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    public void Dispose() => _cluster.Dispose();

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private void Produce(string topic, int partition, int count)
    {
        using var producer = new ProducerBuilder<Null, string>(_cluster.CreateProducerConfig()).Build();
        for (var i = 0; i < count; i++)
        {
            producer.Produce(new TopicPartition(topic, partition), new Message<Null, string> { Value = $"event {i}" });
        }

        Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(10)));
    }

    private void Commit(string group, params TopicPartitionOffset[] offsets)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(_cluster.CreateConsumerConfig(group)).Build();
        consumer.Commit(offsets);
    }
}
