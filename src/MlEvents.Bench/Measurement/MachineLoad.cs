using System.Diagnostics;
using System.Globalization;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// How busy the whole machine was over a span, from <c>/proc/stat</c> (all CPUs, busy = everything but idle and iowait),
/// and how much of that was this process: what other processes took shows whether a measurement was disturbed.
/// </summary>
public readonly record struct MachineLoad(double BusyCores, double OwnCores, int Cores, bool Known)
{
    /// <summary>Cores kept busy by other processes (machine busy minus this process).</summary>
    public double OthersCores => Math.Max(0, BusyCores - OwnCores);

    /// <summary>Cores nobody used.</summary>
    public double IdleCores => Math.Max(0, Cores - BusyCores);

    public static MachineLoad Between(CpuSnapshot start, CpuSnapshot end)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var own = wall > 0 ? (end.ProcessCpu - start.ProcessCpu).TotalSeconds / wall : 0;
        var totalTicks = end.MachineTotalTicks - start.MachineTotalTicks;
        if (!start.Known || !end.Known || totalTicks <= 0)
        {
            return new MachineLoad(own, own, Environment.ProcessorCount, Known: false);
        }

        var busy = (end.MachineBusyTicks - start.MachineBusyTicks) / (double)totalTicks * Environment.ProcessorCount;
        return new MachineLoad(busy, own, Environment.ProcessorCount, Known: true);
    }

    public override string ToString() => Known
        ? string.Create(CultureInfo.InvariantCulture, $"machine {BusyCores:0.00} of {Cores} cores busy: this process {OwnCores:0.00}, others {OthersCores:0.00}")
        : string.Create(CultureInfo.InvariantCulture, $"this process {OwnCores:0.00} of {Cores} cores (machine load unknown: no /proc/stat)");
}

/// <summary>A point in time: machine CPU ticks (busy and total, all CPUs) and this process's CPU time.</summary>
public readonly record struct CpuSnapshot(long Timestamp, long MachineBusyTicks, long MachineTotalTicks, TimeSpan ProcessCpu, bool Known)
{
    public static CpuSnapshot Now()
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var (busy, total, known) = ReadProcStat();
        return new CpuSnapshot(Stopwatch.GetTimestamp(), busy, total, cpu, known);
    }

    private static (long Busy, long Total, bool Known) ReadProcStat()
    {
        try
        {
            // First line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest is counted in user).
            using var reader = new StreamReader("/proc/stat");
            var fields = (reader.ReadLine() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || fields[0] != "cpu")
            {
                return (0, 0, false);
            }

            var values = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            var idle = values[3] + values[4];
            return (total - idle, total, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0, false);
        }
    }
}
