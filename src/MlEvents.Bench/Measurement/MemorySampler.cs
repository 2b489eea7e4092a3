using System.Diagnostics;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// Samples this process's managed heap (<see cref="GC.GetGCMemoryInfo()"/> heap size after the last GC and
/// <see cref="GC.GetTotalMemory(bool)"/>) and working set every <c>interval</c>, tagging each sample with the
/// progress the caller reports (0..1), so "steady" can be taken over the middle of a run.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly List<MemorySample> _samples = [];
    private readonly Func<double> _progress;
    private readonly Timer _timer;
    private readonly Lock _gate = new();

    public MemorySampler(Func<double> progress, TimeSpan interval)
    {
        _progress = progress;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);
    }

    public MemorySample Sample()
    {
        var sample = new MemorySample(_progress(), GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
        lock (_gate)
        {
            _samples.Add(sample);
        }

        return sample;
    }

    public MemoryFigures Figures()
    {
        MemorySample[] samples;
        lock (_gate)
        {
            samples = [.. _samples];
        }

        if (samples.Length == 0)
        {
            return new MemoryFigures(0, 0, 0, 0, 0);
        }

        // Steady: samples taken while 25 %..95 % of the work was done (start-up and drain excluded); all when too few.
        var steady = samples.Where(s => s.Progress is >= 0.25 and <= 0.95).ToArray();
        if (steady.Length < 3)
        {
            steady = samples;
        }

        return new MemoryFigures(
            PeakHeapBytes: samples.Max(s => s.HeapBytes),
            SteadyHeapBytes: Median(steady.Select(s => s.HeapBytes)),
            PeakWorkingSetBytes: samples.Max(s => s.WorkingSetBytes),
            SteadyWorkingSetBytes: Median(steady.Select(s => s.WorkingSetBytes)),
            Samples: samples.Length);
    }

    public void Dispose()
    {
        using var done = new ManualResetEvent(false);
        _timer.Dispose(done);
        done.WaitOne(TimeSpan.FromSeconds(1));
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}

public readonly record struct MemorySample(double Progress, long HeapBytes, long WorkingSetBytes);

public sealed record MemoryFigures(long PeakHeapBytes, long SteadyHeapBytes, long PeakWorkingSetBytes, long SteadyWorkingSetBytes, int Samples)
{
    public static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:0} MiB";
}

/// <summary>CPU time and GC activity of this process between two points.</summary>
public readonly record struct ProcessActivity(TimeSpan CpuTime, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public static ProcessActivity Now()
    {
        using var process = Process.GetCurrentProcess();
        return new(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    public static ProcessActivity operator -(ProcessActivity end, ProcessActivity start) =>
        new(end.CpuTime - start.CpuTime, end.AllocatedBytes - start.AllocatedBytes, end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2);
}
