using MlEvents.Bench.Macro;
using MlEvents.Bench.Memory;
using MlEvents.Bench.Micro;

namespace MlEvents.Bench;

/// <summary>Verbs: <c>macro</c> (default), <c>memory</c>, <c>micro</c>, <c>soak</c>, and <c>cluster</c> (the child process of <c>memory</c>).</summary>
public static class BenchProgram
{
    public const string Usage = """
        MlEvents benchmarks (dotnet run -c Release --project src/MlEvents.Bench -- <verb> [options])
          macro   passthrough baseline vs the real worker on the embedded cluster + registry, then a paced latency run
                  --events N (40000)  --mix RunStarted=40,RunFinished=40,ModelRegistered=20  --rate R (1000; 0 = no paced run)
                  --paced-seconds S (15)  --partitions P (sized for the mock's retention)  --passthrough false
                  --warmup-events N (60000: both sides first run unmeasured on N events of their own; 0 = none)
                  --set Key=Value (worker configuration, repeatable, e.g. Worker:MaxInFlightPerPartition=1000)
          memory  the worker in this process on N events held by a cluster in a child process; steady memory
                  --events N (1000000)  --mix ...  --partitions P (sized)  --set Key=Value
          loop    one stage in a tight loop, CPU time and allocation per event: --stage convert|decode|serialize|serialize-confluent|translate --type T --seconds S
          soak    long runs of the worker's own program (an OS process) on the embedded cluster; prints lost/duplicated MCPs
                  crash  --kills K (20) --events N (10000, at least) --rate R (60 events/s) --max-lifetime-ms (3000)
                  outage --outage-seconds S (60) --before-seconds (20) --after-seconds (15) --rate R
                  fuzz   --minutes M (10) --rate R (inputs/s)
                  all: --seed S (replay)  --mcp-partitions P (128)  --drain-minutes (10)  --set Key=Value
          micro   BenchmarkDotNet: conversion per event type, aspect JSON, Avro MCP encoding (short job, [MemoryDiagnoser])
                  any BenchmarkDotNet arguments, e.g. --filter *Conversion*
        """;

    private static readonly string[] MacroOptionNames = ["events", "mix", "rate", "paced-seconds", "partitions", "passthrough", "warmup-events"];
    private static readonly string[] MemoryOptionNames = ["events", "mix", "partitions", "timeout-minutes"];

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args.Length == 0 || args[0].StartsWith('-') ? "macro" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith('-') ? args : args[1..];
        if (rest.Any(a => a is "--help" or "-h") && verb != "micro")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            switch (verb)
            {
                case "macro":
                    var macro = await MacroBenchmark.RunAsync(MacroOptionsFrom(BenchArguments.Parse(rest, MacroOptionNames)), Console.Out, cancellation.Token);
                    return macro.Worker.Complete && (macro.Passthrough?.Complete ?? true) && (macro.Paced?.Complete ?? true) ? 0 : 1;
                case "memory":
                    var memory = BenchArguments.Parse(rest, MemoryOptionNames);
                    var figures = await MemoryBenchmark.RunAsync(MemoryOptionsFrom(memory), Console.Out, cancellation.Token);
                    return figures.Complete ? 0 : 1;
                case "cluster":
                    return await ClusterProcess.RunChildAsync(BenchArguments.Parse(rest, ClusterProcess.OptionNames), Console.In, Console.Out, cancellation.Token);
                case "loop":
                    return await HotLoop.RunAsync(BenchArguments.Parse(rest, HotLoop.OptionNames), Console.Out);
                case "soak":
                    return await Soak.SoakCommand.RunAsync(rest, Console.Out, cancellation.Token);
                case "micro":
                    MicroBenchmarks.Run(rest);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown verb '{verb}'");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 130;
        }
    }

    internal static MacroOptions MacroOptionsFrom(BenchArguments arguments)
    {
        var defaults = new MacroOptions();
        return new MacroOptions
        {
            Events = arguments.Long("events", defaults.Events),
            Mix = arguments.Text("mix") ?? defaults.Mix,
            Rate = arguments.Double("rate", defaults.Rate),
            PacedDuration = TimeSpan.FromSeconds(arguments.Double("paced-seconds", defaults.PacedDuration.TotalSeconds)),
            Partitions = arguments.Int("partitions"),
            SkipPassthrough = string.Equals(arguments.Text("passthrough"), "false", StringComparison.OrdinalIgnoreCase),
            WarmupEvents = arguments.Long("warmup-events", defaults.WarmupEvents),
            Settings = arguments.Settings,
        };
    }

    internal static MemoryOptions MemoryOptionsFrom(BenchArguments arguments)
    {
        var defaults = new MemoryOptions();
        return new MemoryOptions
        {
            Events = arguments.Long("events", defaults.Events),
            Mix = arguments.Text("mix") ?? defaults.Mix,
            Partitions = arguments.Int("partitions"),
            Timeout = TimeSpan.FromMinutes(arguments.Double("timeout-minutes", defaults.Timeout.TotalMinutes)),
            Settings = arguments.Settings,
        };
    }
}
