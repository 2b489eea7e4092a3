using System.Globalization;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// This process's and other processes' CPU every <c>interval</c> (from <see cref="CpuSnapshot"/>s), to show a run that
/// stops and goes (waiting, not computing) or a machine that other work kept busy.
/// </summary>
public sealed class CpuTimeline : IDisposable
{
    private readonly List<MachineLoad> _intervals = [];
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private CpuSnapshot _last = CpuSnapshot.Now();

    public CpuTimeline(TimeSpan interval)
    {
        Interval = interval;
        _timer = new Timer(_ => Tick(), null, interval, interval);
    }

    public TimeSpan Interval { get; }

    /// <summary>Drops what was recorded so far (call when the measured span starts).</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _intervals.Clear();
            _last = CpuSnapshot.Now();
        }
    }

    public IReadOnlyList<MachineLoad> Intervals()
    {
        lock (_gate)
        {
            return [.. _intervals];
        }
    }

    /// <summary>"own/others" cores per interval, merged pairwise until at most <paramref name="maxEntries"/> remain.</summary>
    public static string Format(IReadOnlyList<MachineLoad> intervals, TimeSpan interval, int maxEntries = 30)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var merged = intervals.ToList();
        while (merged.Count > maxEntries)
        {
            merged = [.. merged.Chunk(2).Select(pair => new MachineLoad(pair.Average(l => l.BusyCores), pair.Average(l => l.OwnCores), pair[0].Cores, pair[0].Known))];
            interval *= 2;
        }

        return $"every {interval.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s (this process/others, cores): "
            + string.Join(" ", merged.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.OwnCores:0.0}/{l.OthersCores:0.0}")));
    }

    public void Dispose()
    {
        using var done = new ManualResetEvent(false);
        _timer.Dispose(done);
        done.WaitOne(TimeSpan.FromSeconds(1));
    }

    private void Tick()
    {
        var now = CpuSnapshot.Now();
        lock (_gate)
        {
            // A late timer can tick twice in a row: too short an interval gives no meaningful rate, so it joins the next.
            if (System.Diagnostics.Stopwatch.GetElapsedTime(_last.Timestamp, now.Timestamp) >= Interval / 2)
            {
                _intervals.Add(MachineLoad.Between(_last, now));
                _last = now;
            }
        }
    }
}
