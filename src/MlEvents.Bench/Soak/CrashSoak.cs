using System.Diagnostics;
using System.Globalization;
using MlEvents.Reliability;

namespace MlEvents.Bench.Soak;

/// <summary>
/// The worker's own program as an OS process, SIGKILLed <see cref="SoakOptions.Kills"/> times at random points while
/// events of every type stream in (at least <see cref="SoakOptions.MinEvents"/>), restarted each time; then a last
/// incarnation drains everything and stops with SIGTERM, and every expected MCP is looked up on the MCP topic.
/// </summary>
internal static class CrashSoak
{
    public static async Task<SoakResult> RunAsync(SoakOptions options, string command, TextWriter output, CancellationToken cancellationToken)
    {
        var result = new SoakResult("crash", options.Seed, command);
        var random = new Random(options.Seed);
        var clock = Stopwatch.StartNew();
        output.WriteLine($"soak crash: seed {options.Seed}, {options.Kills} SIGKILLs, >= {options.MinEvents} events at {options.Rate}/s, lifetimes 0-{options.MaxLifetime.TotalMilliseconds} ms after the first MCP");
        await using var env = await StreamEnvironment.StartAsync("soak-crash", options.McpPartitions).ConfigureAwait(false);
        var settings = env.WorkerSettings(Merge(new Dictionary<string, string> { ["Kafka:Consumer:auto.commit.interval.ms"] = "1000" }, options.Settings));

        var lastKillDone = false;
        var stream = new SoakStream(env, "soak", options.Rate);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var publishing = stream.RunAsync(() => Volatile.Read(ref lastKillDone) && stream.Count >= options.MinEvents, stop.Token);
        try
        {
            for (var kill = 1; kill <= options.Kills; kill++)
            {
                var before = env.Count(env.McpTopic);
                using var worker = WorkerProcess.Start(settings);
                await worker.WaitUntilAsync(() => env.Count(env.McpTopic) > before, TimeSpan.FromMinutes(3), $"incarnation {kill} producing", cancellationToken).ConfigureAwait(false);
                var lifetime = TimeSpan.FromMilliseconds(random.Next(0, (int)options.MaxLifetime.TotalMilliseconds + 1));
                await Task.Delay(lifetime, cancellationToken).ConfigureAwait(false);
                if (worker.HasExited)
                {
                    throw new InvalidOperationException($"worker exited on its own (code {worker.ExitCode}):{Environment.NewLine}{worker.Tail()}");
                }

                worker.Kill();
                result.Kills = kill;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{clock.Elapsed.TotalSeconds,6:F1} s: SIGKILL #{kill} {lifetime.TotalSeconds:F1} s after its first MCP; published {stream.Count}, committed {env.Committed()}, MCP records {env.Count(env.McpTopic)}"));
            }
        }
        finally
        {
            Volatile.Write(ref lastKillDone, true);
        }

        await publishing.ConfigureAwait(false);
        result.EventsPublished = stream.Count;
        output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s: {stream.Count} events published; draining with a last incarnation");
        await DrainAsync(env, settings, stream.Count, options.DrainTimeout, output, cancellationToken).ConfigureAwait(false);
        result.Account = await env.AccountAsync(stream.Published).ConfigureAwait(false);
        result.DeadLettered = env.Count(env.DeadLetterTopic);
        result.Elapsed = clock.Elapsed;
        return result;
    }

    /// <summary>A last worker runs until the group has committed every published event, then stops with SIGTERM (exit code 0 expected).</summary>
    internal static async Task DrainAsync(StreamEnvironment env, Dictionary<string, string> settings, long events, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        using var last = WorkerProcess.Start(settings);
        // A SIGTERM before the host has started ends the process with the default signal action instead of a graceful stop.
        await last.WaitUntilAsync(() => last.Assigned, TimeSpan.FromMinutes(2), "the last worker's assignment", cancellationToken).ConfigureAwait(false);
        await last.WaitUntilAsync(() => env.Committed() == events, timeout, "every event committed", cancellationToken).ConfigureAwait(false);
        last.Terminate();
        if (!last.WaitForExit(TimeSpan.FromMinutes(1)) || last.ExitCode != 0)
        {
            output.WriteLine($"the last worker did not stop cleanly:{Environment.NewLine}{last.Tail()}");
        }
    }

    internal static Dictionary<string, string> Merge(Dictionary<string, string> first, IReadOnlyDictionary<string, string> then)
    {
        foreach (var (key, value) in then)
        {
            first[key] = value;
        }

        return first;
    }
}
