using MlEvents.Contracts;

namespace MlEvents.Cli.Tests;

[Collection(PublishCollection.Name)]
public sealed class PublishFileTests(PublishTestBackend backend) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mlevents-publish-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_sample_file_arrives_Avro_decodable_and_keyed_by_entity()
    {
        var topic = backend.NewTopic();

        var run = await CliRunner.RunAsync(["publish", "--file", PublishTestBackend.SamplePath(), .. backend.Connection(topic)]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var sample = File.ReadLines(PublishTestBackend.SamplePath()).Select(MlEventJson.Parse).ToList();
        var arrived = await backend.ReadAllAsync(topic, sample.Count);
        Assert.Equal(sample, arrived.Select(a => a.Event).OrderBy(e => e.EventId));
        Assert.All(arrived, a => Assert.Equal(EventKeys.For(a.Event), a.Key));
        Assert.Equal(sample.Count, run.Output.Split('\n').Count(line => line.Contains(": published ", StringComparison.Ordinal)));
        Assert.Contains($"6 of 6 event(s) published to {topic}", run.Output);
    }

    [Fact]
    public async Task Bad_lines_fail_with_their_line_numbers_and_the_valid_lines_are_still_sent()
    {
        var topic = backend.NewTopic();
        var sample = File.ReadAllLines(PublishTestBackend.SamplePath());
        var file = Write(
            sample[0],
            "{\"eventId\": \"broken\"",
            "",
            sample[1].Replace("\"runId\":\"simple_training_run_4\"", "\"runId\":\" \"", StringComparison.Ordinal),
            sample[5]);

        var run = await CliRunner.RunAsync(["publish", "--file", file, .. backend.Connection(topic)]);

        Assert.Equal(1, run.ExitCode);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(errors, e => e.StartsWith("line 2: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("line 4: invalid event 5f0c1a3e-0002-4000-8000-000000000002: payload.runId:", StringComparison.Ordinal));
        Assert.Contains("2 of 4 event(s) published", run.Error);
        Assert.Equal(["5f0c1a3e-0001-4000-8000-000000000001", "5f0c1a3e-0006-4000-8000-000000000006"],
            (await backend.ReadAllAsync(topic, 2)).Select(a => a.Event.EventId).Order());
    }

    [Fact]
    public async Task Registry_unreachable_exits_3_and_lists_what_was_not_sent()
    {
        var topic = backend.NewTopic();
        var connection = backend.Connection(topic);
        connection[3] = "http://127.0.0.1:1";

        var run = await CliRunner.RunAsync(["publish", "--file", PublishTestBackend.SamplePath(), .. connection]);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains("line 1: Event 5f0c1a3e-0001-4000-8000-000000000001 (ExperimentUpserted", run.Error);
        Assert.Contains("Schema Registry unreachable", run.Error);
        Assert.Contains("line 6: not sent (event 5f0c1a3e-0006-4000-8000-000000000006)", run.Error);
        Assert.Contains("retry later", run.Error);
        Assert.Empty(await backend.ReadAllAsync(topic, 1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Dry_run_validates_and_prints_the_events_without_Kafka()
    {
        var file = Write(File.ReadLines(PublishTestBackend.SamplePath()).First(), "{\"eventId\":\"e\",\"eventTime\":1,\"platform\":\"mlflow\",\"type\":\"ModelStageChanged\",\"payload\":{\"modelName\":\"m\",\"version\":\"1\",\"stage\":\"None\"}}");

        var run = await CliRunner.RunAsync("publish", "--dry-run", "--file", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("5f0c1a3e-0001-4000-8000-000000000001", MlEventJson.Parse(run.Output.Trim()).EventId);
        Assert.Contains("line 2: invalid event e: eventTime:", run.Error);
    }

    [Fact]
    public async Task A_dash_reads_the_events_from_stdin()
    {
        var original = Console.In;
        Console.SetIn(new StringReader(File.ReadAllText(PublishTestBackend.SamplePath())));
        try
        {
            var run = await CliRunner.RunAsync("publish", "--dry-run", "--file", "-");

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(6, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            Console.SetIn(original);
        }
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync("publish", "--file", Path.Combine(_directory, "nope.jsonl"), "--dry-run");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--file", run.Error);
        Assert.Contains("mlevents publish --help", run.Error);
    }

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }
}
