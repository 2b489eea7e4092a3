namespace MlEvents.Bench.Soak;

/// <summary>Settings of one long run (<c>soak crash|outage|fuzz</c>); every random choice derives from <see cref="Seed"/>.</summary>
public sealed record SoakOptions
{
    public static readonly string[] Names = ["seed", "kills", "events", "rate", "max-lifetime-ms", "outage-seconds", "before-seconds", "after-seconds", "minutes", "mcp-partitions", "drain-minutes"];

    public int Seed { get; init; } = Random.Shared.Next();

    /// <summary>crash: SIGKILLs, each at a random point while events stream in.</summary>
    public int Kills { get; init; } = 20;

    /// <summary>crash: at least this many events are published (the stream also lasts until the last kill).</summary>
    public int MinEvents { get; init; } = 10_000;

    /// <summary>Events published per second (in batches every 100 ms).</summary>
    public int Rate { get; init; } = 60;

    /// <summary>crash: each incarnation lives a random 0 … this long after its first MCP.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan Outage { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan BeforeOutage { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan AfterOutage { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>fuzz: how long.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The mock keeps at most 5 MiB per partition: enough partitions that every MCP and duplicate stays.</summary>
    public int McpPartitions { get; init; } = 128;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    internal static SoakOptions From(BenchArguments arguments)
    {
        var d = new SoakOptions();
        return new SoakOptions
        {
            Seed = arguments.Int("seed") ?? d.Seed,
            Kills = arguments.Int("kills") ?? d.Kills,
            MinEvents = arguments.Int("events") ?? d.MinEvents,
            Rate = arguments.Int("rate") ?? d.Rate,
            MaxLifetime = TimeSpan.FromMilliseconds(arguments.Long("max-lifetime-ms", (long)d.MaxLifetime.TotalMilliseconds)),
            Outage = TimeSpan.FromSeconds(arguments.Double("outage-seconds", d.Outage.TotalSeconds)),
            BeforeOutage = TimeSpan.FromSeconds(arguments.Double("before-seconds", d.BeforeOutage.TotalSeconds)),
            AfterOutage = TimeSpan.FromSeconds(arguments.Double("after-seconds", d.AfterOutage.TotalSeconds)),
            Duration = TimeSpan.FromMinutes(arguments.Double("minutes", d.Duration.TotalMinutes)),
            McpPartitions = arguments.Int("mcp-partitions") ?? d.McpPartitions,
            DrainTimeout = TimeSpan.FromMinutes(arguments.Double("drain-minutes", d.DrainTimeout.TotalMinutes)),
            Settings = arguments.Settings,
        };
    }
}
