using MlEvents.Bench.Macro;
using MlEvents.Bench.Measurement;

namespace MlEvents.Bench.Tests;

public sealed class MacroReportTests
{
    [Fact]
    public void A_run_that_left_cores_idle_is_flagged_as_not_limited_by_cpu()
    {
        var warnings = MacroReport.Warnings(Run(ownCores: 0.6, machineBusyCores: 0.7)).ToList();

        var warning = Assert.Single(warnings);
        Assert.Contains("was not limited by CPU", warning, StringComparison.Ordinal);
        Assert.Contains("0.60 of 2 cores", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_sharing_the_machine_with_busy_processes_is_flagged_as_disturbed()
    {
        var warnings = MacroReport.Warnings(Run(ownCores: 0.9, machineBusyCores: 2.0)).ToList();

        var warning = Assert.Single(warnings); // no idle cores: it did not wait, it was crowded out
        Assert.Contains("other processes kept 1.10 of 2 cores busy", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cpu_bound_run_on_a_quiet_machine_gets_no_warning() =>
        Assert.Empty(MacroReport.Warnings(Run(ownCores: 1.8, machineBusyCores: 1.85)));

    [Fact]
    public void Machine_load_splits_busy_cores_into_this_process_and_the_others()
    {
        var start = new CpuSnapshot(0, MachineBusyTicks: 1_000, MachineTotalTicks: 10_000, ProcessCpu: TimeSpan.Zero, Known: true);
        var end = new CpuSnapshot(System.Diagnostics.Stopwatch.Frequency, MachineBusyTicks: 1_150, MachineTotalTicks: 10_200, ProcessCpu: TimeSpan.FromSeconds(0.5), Known: true);

        var load = MachineLoad.Between(start, end);

        Assert.Equal(Environment.ProcessorCount * 0.75, load.BusyCores, 6);
        Assert.Equal(0.5, load.OwnCores, 6);
        Assert.Equal(Math.Max(0, (Environment.ProcessorCount * 0.75) - 0.5), load.OthersCores, 6);
    }

    private static RunFigures Run(double ownCores, double machineBusyCores) => new()
    {
        Name = "worker",
        Events = 100,
        ExpectedEvents = 100,
        Mcps = 560,
        ExpectedMcps = 560,
        Elapsed = TimeSpan.FromSeconds(10),
        LatencyP50 = TimeSpan.FromMilliseconds(5),
        LatencyP99 = TimeSpan.FromMilliseconds(9),
        LatencyMax = TimeSpan.FromMilliseconds(10),
        Memory = new MemoryFigures(1, 1, 1, 1, 1),
        Activity = new ProcessActivity(TimeSpan.FromSeconds(10 * ownCores), 0, 0, 0, 0),
        Load = new MachineLoad(machineBusyCores, ownCores, Cores: 2, Known: true),
    };
}
