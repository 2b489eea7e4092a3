using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MlEvents.Bench.Micro;

/// <summary>
/// Runs the micro-benchmark classes with a short job (3 warm-ups, 5 iterations) in this process (no per-benchmark build,
/// which timed out on the shared machine), so the suite takes a few minutes.
/// </summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1)
                .WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"))
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchmarks).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
    }
}
