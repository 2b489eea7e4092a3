using System.Diagnostics;
using System.Globalization;
using MlEvents.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Crash;

/// <summary>
/// The worker as a separate OS process (src/MlEvents.Worker's program) against a mock cluster and registry hosted here,
/// while a stream of events is published: killed with SIGKILL at random points and restarted, or stopped with SIGTERM.
/// Every event's MCPs must arrive at least once; duplicates are counted and printed.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class WorkerCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Sigkill_at_random_points_and_restart_loses_no_mcp()
    {
        const int maxEvents = 10_000;
        const int kills = 5;
        var seed = Seed();
        var random = new Random(seed);
        output.WriteLine($"seed {seed} (replay with CRASH_SEED={seed}); {kills} SIGKILLs while events stream in (50 every 300 ms)");
        await using var env = await StreamEnvironment.StartAsync("crash");
        var settings = env.WorkerSettings(new Dictionary<string, string> { ["Kafka:Consumer:auto.commit.interval.ms"] = "1000" });

        // The stream lasts until the last kill, so every incarnation is killed while events still flow.
        var clock = Stopwatch.StartNew();
        using var stopPublishing = new CancellationTokenSource();
        var publishing = env.StreamUntilAsync(SampleEvents.Stream(maxEvents, "crash"), batch: 50, interval: TimeSpan.FromMilliseconds(300), stopPublishing.Token);
        for (var kill = 1; kill <= kills; kill++)
        {
            // Kill at a random point once this incarnation is producing (process start-up alone takes seconds here).
            var before = env.Count(env.McpTopic);
            using var worker = WorkerProcess.Start(settings);
            await WaitUntil(() => env.Count(env.McpTopic) > before, TimeSpan.FromSeconds(30), $"incarnation {kill} producing", worker);
            var lifetime = TimeSpan.FromMilliseconds(random.Next(0, 2000));
            await Task.Delay(lifetime);
            Assert.False(worker.HasExited, $"worker exited on its own (code {(worker.HasExited ? worker.ExitCode : 0)}):{Environment.NewLine}{worker.Tail()}");
            worker.Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds,5:F1} s: SIGKILL #{kill} {lifetime.TotalSeconds:F1} s after its first MCP; " +
                $"published {env.Count(env.EventsTopic)}, committed {env.Committed()}, MCP records {env.Count(env.McpTopic)}");
        }

        stopPublishing.Cancel();
        var stream = await publishing;
        var events = stream.Count;
        output.WriteLine($"{events} events published");
        using (var last = WorkerProcess.Start(settings))
        {
            // Wait for the assignment even when everything is committed already: a SIGTERM before the host has started
            // ends the process with the default signal action (exit 143) instead of a graceful stop.
            await WaitUntil(() => last.Output.Any(line => line.Contains("Partitions assigned", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the last worker's assignment", last);
            await WaitUntil(() => env.Committed() == events, TimeSpan.FromSeconds(40), "every event committed after the last restart", last);
            last.Terminate();
            Assert.True(last.WaitForExit(TimeSpan.FromSeconds(30)), "the last worker did not stop after SIGTERM");
            Assert.Equal(0, last.ExitCode);
        }

        var account = await env.AccountAsync(stream);
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:F1} s: {account}");
        PrintDuplicates(account);
        Assert.True(account.Missing.Count == 0, $"{account.Missing.Count} MCPs lost, e.g.{Environment.NewLine}{string.Join(Environment.NewLine, account.Missing.Take(10))}");
        Assert.Equal(0, account.Unexpected);
        Assert.Equal(0, env.Count(env.DeadLetterTopic));
    }

    [Fact]
    public async Task Sigterm_mid_stream_commits_what_was_delivered_so_the_restart_duplicates_nothing()
    {
        const int events = 1500;
        var seed = Seed();
        var random = new Random(seed);
        await using var env = await StreamEnvironment.StartAsync("term");
        var stream = SampleEvents.Stream(events, "term").ToList();
        var settings = env.WorkerSettings();

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var publishing = env.StreamAsync(stream, batch: 50, interval: TimeSpan.FromMilliseconds(300), cancel.Token);
        long committedAtStop;
        using (var first = WorkerProcess.Start(settings))
        {
            await WaitUntil(() => env.Count(env.McpTopic) > 0, TimeSpan.FromSeconds(30), "the first MCPs", first);
            await Task.Delay(random.Next(200, 1500));
            var stopping = Stopwatch.StartNew();
            first.Terminate();
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(30)), $"no exit after SIGTERM:{Environment.NewLine}{first.Tail()}");
            committedAtStop = env.Committed();
            output.WriteLine($"seed {seed}: SIGTERM stopped the worker in {stopping.Elapsed.TotalSeconds:F1} s (exit code {first.ExitCode}); " +
                $"committed {committedAtStop} of {env.Count(env.EventsTopic)} published, MCP records {env.Count(env.McpTopic)}");
            Assert.Equal(0, first.ExitCode);
            Assert.True(committedAtStop > 0, "the graceful stop committed nothing");
        }

        await publishing;
        using (var second = WorkerProcess.Start(settings))
        {
            await WaitUntil(() => second.Output.Any(line => line.Contains("Partitions assigned", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the restarted worker's assignment", second);
            await WaitUntil(() => env.Committed() == events, TimeSpan.FromSeconds(40), "every event committed after the restart", second);
            second.Terminate();
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        var account = await env.AccountAsync(stream);
        output.WriteLine(account.ToString());
        PrintDuplicates(account);
        Assert.Empty(account.Missing);
        // A graceful stop flushes the producer and commits every acknowledged event, so the restart resumes exactly there.
        Assert.Equal(0, account.DuplicateCount);
    }

    private void PrintDuplicates(DeliveryAccount account)
    {
        foreach (var (mcp, extra) in account.Duplicated.OrderBy(d => d.Key, StringComparer.Ordinal).Take(20))
        {
            output.WriteLine($"  duplicate ×{extra + 1}: {mcp}");
        }

        if (account.Duplicated.Count > 20)
        {
            output.WriteLine($"  ... and {account.Duplicated.Count - 20} more duplicated MCPs");
        }
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("CRASH_SEED"), CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    private static Task WaitUntil(Func<bool> condition, TimeSpan timeout, string what, WorkerProcess worker) =>
        worker.WaitUntilAsync(condition, timeout, what);
}
