using System.Globalization;

namespace MlEvents.Bench.Measurement;

/// <summary>
/// CPU time of this process's threads by kind, from <c>/proc/self/task/*/stat</c> (Linux): what the process spent its CPU
/// on (the pipeline's thread-pool work, the consume loop and delivery reports, librdkafka's and the mock brokers' threads,
/// the JIT's background compiler, the GC). Threads that ended between two snapshots are counted as "ended threads".
/// </summary>
public sealed class ThreadCpu
{
    private readonly Dictionary<int, (string Kind, long Ticks)> _threads;

    private ThreadCpu(Dictionary<int, (string Kind, long Ticks)> threads) => _threads = threads;

    /// <summary>Kernel clock ticks per second of <c>/proc</c>'s utime/stime (USER_HZ, 100 on Linux).</summary>
    private const double TicksPerSecond = 100;

    public static ThreadCpu Now()
    {
        var threads = new Dictionary<int, (string, long)>();
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc/self/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var open = stat.IndexOf('(', StringComparison.Ordinal);
                    var close = stat.LastIndexOf(')');
                    var fields = stat[(close + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    threads[int.Parse(stat[..open].Trim(), CultureInfo.InvariantCulture)] = (KindOf(stat[(open + 1)..close]), ticks);
                }
                catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
                {
                    // the thread ended while we looked
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return new ThreadCpu(threads);
    }

    /// <summary>Seconds of CPU per kind between <paramref name="start"/> and <paramref name="end"/>, largest first.</summary>
    public static IReadOnlyList<(string Kind, double Seconds)> Between(ThreadCpu start, ThreadCpu end, TimeSpan processCpu)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var byKind = new Dictionary<string, double>();
        foreach (var (tid, (kind, ticks)) in end._threads)
        {
            var before = start._threads.TryGetValue(tid, out var s) ? s.Ticks : 0;
            byKind[kind] = byKind.GetValueOrDefault(kind) + (ticks - before) / TicksPerSecond;
        }

        var ended = processCpu.TotalSeconds - byKind.Values.Sum();
        if (ended > 0.05 && end._threads.Count > 0)
        {
            byKind["ended threads"] = ended;
        }

        return [.. byKind.Where(k => k.Value > 0).OrderByDescending(k => k.Value).Select(k => (k.Key, k.Value))];
    }

    public static string Format(IReadOnlyList<(string Kind, double Seconds)> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var total = Math.Max(kinds.Sum(k => k.Seconds), 1e-9);
        return kinds.Count == 0
            ? "n/a (no /proc/self/task)"
            : string.Join(", ", kinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.Seconds / total:P0}")));
    }

    /// <summary>Linux thread names are cut to 15 characters: ".NET TP Worker", ".NET Tiered Com", "rdk:broker1", ...</summary>
    private static string KindOf(string name) => name switch
    {
        _ when name.StartsWith(".NET TP Worker", StringComparison.Ordinal) => "thread pool (translate, produce)",
        _ when name.StartsWith(".NET Long Runni", StringComparison.Ordinal) => "long-running (consume loop, delivery reports)",
        _ when name.StartsWith(".NET Tiered Com", StringComparison.Ordinal) => "JIT (tiered compilation)",
        _ when name.StartsWith(".NET BGC", StringComparison.Ordinal) || name.StartsWith(".NET Server GC", StringComparison.Ordinal) => "GC (background)",
        _ when name.StartsWith("rdk:mock", StringComparison.Ordinal) => "mock brokers",
        _ when name.StartsWith("rdk:", StringComparison.Ordinal) => "librdkafka",
        _ when name.StartsWith(".NET", StringComparison.Ordinal) => "other .NET threads",
        _ => "other threads",
    };
}
