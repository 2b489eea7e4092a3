using System.Diagnostics;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Python;

/// <summary>
/// Runs samples/python/publish_events.py with Debian's /usr/bin/python3 (python3-confluent-kafka, python3-avro) against the
/// embedded cluster and registry, and decodes what arrived with our deserializer.
/// </summary>
[Collection(EmbeddedBackendCollection.Name)]
public sealed class PythonRecipeTests(EmbeddedBackend backend)
{
    private const string Python = DebianPythonFactAttribute.Python;

    [DebianPythonFact]
    public async Task The_recipe_publishes_the_sample_file_decodable_by_our_deserializer_and_keyed_like_the_client()
    {
        var topic = backend.NewTopic();
        var sample = GuideScenario.SampleEvents();

        var run = await RunRecipeAsync("-b", backend.Cluster.BootstrapServers, "-s", backend.Registry.Url, "-t", topic,
            "--file", Path.Combine(GuideScenario.RepositoryRoot(), "samples", "airline-forecast.events.jsonl"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var arrived = await backend.ReadAllAsync(topic, sample.Count);
        Assert.Equal(sample, arrived.Select(a => a.Event).OrderBy(e => e.EventId));
        Assert.All(arrived, a => Assert.Equal(EventKeys.For(a.Event), a.Key));
    }

    [DebianPythonFact]
    public async Task The_recipes_own_scenario_is_valid_and_repeats_every_param_when_the_run_finishes()
    {
        var topic = backend.NewTopic();

        var run = await RunRecipeAsync("-b", backend.Cluster.BootstrapServers, "-s", backend.Registry.Url, "-t", topic);

        Assert.True(run.ExitCode == 0, run.ToString());
        var events = (await backend.ReadAllAsync(topic, GuideScenario.EventCount)).Select(a => a.Event).ToList();
        Assert.Equal(GuideScenario.EventCount, events.Count);
        Assert.All(events, e => Assert.Empty(MlEventValidator.Validate(e)));
        var started = Assert.IsType<RunStarted>(Assert.Single(events, e => e.Payload is RunStarted).Payload);
        var finished = Assert.IsType<RunFinished>(Assert.Single(events, e => e.Payload is RunFinished).Payload);
        Assert.Equal(started.HyperParams, finished.HyperParams);
        Assert.Equal(["champion"], Assert.IsType<ModelRegistered>(Assert.Single(events, e => e.Payload is ModelRegistered).Payload).Aliases);
    }

    [DebianPythonFact]
    public async Task Traceparent_is_written_into_every_event()
    {
        const string parent = "00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01";
        var topic = backend.NewTopic();

        var run = await RunRecipeAsync("-b", backend.Cluster.BootstrapServers, "-s", backend.Registry.Url, "-t", topic, "--traceparent", parent);

        Assert.True(run.ExitCode == 0, run.ToString());
        var traceParents = backend.Headers(topic, GuideScenario.EventCount, "traceparent");
        Assert.Equal(GuideScenario.EventCount, traceParents.Count);
        Assert.All(traceParents, p => Assert.Equal(parent, p));
    }

    [DebianPythonFact]
    public async Task A_bad_line_is_reported_with_its_number_and_an_unreachable_registry_exits_3()
    {
        var topic = backend.NewTopic();
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-python-{Guid.NewGuid():N}.jsonl");
        var sample = File.ReadAllLines(Path.Combine(GuideScenario.RepositoryRoot(), "samples", "airline-forecast.events.jsonl"));
        await File.WriteAllLinesAsync(file, [sample[0], sample[5].Replace("\"stage\"", "\"stag\"", StringComparison.Ordinal)]);
        try
        {
            var bad = await RunRecipeAsync("-b", backend.Cluster.BootstrapServers, "-s", backend.Registry.Url, "-t", topic, "--file", file);
            var unreachable = await RunRecipeAsync("-b", backend.Cluster.BootstrapServers, "-s", "http://127.0.0.1:1", "-t", topic, "--file", file);

            Assert.True(bad.ExitCode == 1, bad.ToString());
            Assert.Contains("line 2: ValueError: ModelStageChanged: unknown field(s) ['stag']", bad.Error);
            Assert.Single(await backend.ReadAllAsync(topic, 2, TimeSpan.FromSeconds(1)));
            Assert.True(unreachable.ExitCode == 3, unreachable.ToString());
            Assert.Contains("Schema Registry http://127.0.0.1:1 unreachable", unreachable.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<ProcessRun> RunRecipeAsync(params string[] args)
    {
        Assert.True(File.Exists(Python),
            $"{Python} is missing: install Debian's python3, python3-confluent-kafka and python3-avro ({DebianPythonFactAttribute.InstallCommand})");
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1" },
        };
        start.ArgumentList.Add(Path.Combine(GuideScenario.RepositoryRoot(), "samples", "python", "publish_events.py"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var run = new ProcessRun(process.ExitCode, await output, await error);
        Assert.False(run.Error.Contains("No module named", StringComparison.Ordinal),
            $"Debian's python3-confluent-kafka and python3-avro are needed for {Python} ({DebianPythonFactAttribute.InstallCommand}): {run.Error}");
        return run;
    }

    private sealed record ProcessRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
