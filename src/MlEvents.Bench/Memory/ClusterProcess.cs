using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using MlEvents.Bench.Measurement;
using MlEvents.Bench.Workload;
using MlEvents.Conversion;
using MlEvents.Embedded;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Bench.Memory;

/// <summary>
/// The embedded cluster + registry in a child process (the mock keeps every message in memory, which must not count
/// as the worker's): <c>cluster --events N --mix M --partitions P</c> publishes the workload, audits it, prints
/// <c>READY &lt;bootstrap&gt; &lt;registry&gt; &lt;events&gt; &lt;mcps&gt;</c> and serves until its standard input closes.
/// </summary>
public sealed class ClusterProcess : IDisposable
{
    public const string EventsTopic = "bench.memory.events";
    public const string McpTopic = "bench.memory.mcps";
    public const string DeadLetterTopic = "bench.memory.dlq";
    public static readonly string[] OptionNames = ["events", "mix", "partitions"];

    private readonly Process _process;

    private ClusterProcess(Process process, string bootstrapServers, string registryUrl, long events, long mcps)
    {
        _process = process;
        BootstrapServers = bootstrapServers;
        RegistryUrl = registryUrl;
        Events = events;
        Mcps = mcps;
    }

    public string BootstrapServers { get; }
    public string RegistryUrl { get; }
    public long Events { get; }
    public long Mcps { get; }

    /// <summary>Starts this program as <c>cluster</c> and waits until it has published and audited the workload.</summary>
    public static async Task<ClusterProcess> StartAsync(long events, string mix, int partitions, TextWriter progress, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        foreach (var argument in new[] { "cluster", "--events", events.ToString(CultureInfo.InvariantCulture), "--mix", mix, "--partitions", partitions.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the cluster process");
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("READY ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    return new ClusterProcess(process, parts[1], parts[2], long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture));
                }

                await progress.WriteLineAsync($"  [cluster] {line}").ConfigureAwait(false);
            }

            throw new InvalidOperationException($"the cluster process ended before it was ready (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The child's side.</summary>
    public static async Task<int> RunChildAsync(BenchArguments arguments, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var factory = new EventFactory(EventMix.Parse(arguments.Text("mix") ?? EventMix.Default));
        var converter = new EventConverter(new ConversionOptions());
        var events = arguments.Long("events", 1_000_000);
        var partitions = arguments.Int("partitions") ?? WorkloadSizes.Sample(factory, converter).PartitionsFor(events, withPassthrough: false);

        using var cluster = new EmbeddedKafkaCluster();
        cluster.CreateTopic(EventsTopic, partitions);
        cluster.CreateTopic(McpTopic, partitions);
        cluster.CreateTopic(DeadLetterTopic, partitions);
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var registryClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });

        var counting = Task.Run(() =>
        {
            long mcps = 0;
            for (long i = 0; i < events; i++)
            {
                mcps += converter.Convert(factory.Create(i)).Count;
            }

            return mcps;
        }, cancellationToken);
        FeedResult feed;
        using (var feeder = new EventFeeder(cluster.BootstrapServers, registryClient, converter))
        {
            feed = await feeder.PublishAsync(factory, 0, events, EventsTopic, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        TopicAudit.Require(cluster.BootstrapServers, EventsTopic, partitions, events);
        var expectedMcps = await counting.ConfigureAwait(false);
        await output.WriteLineAsync(
            $"published {events:N0} events (avg {feed.AverageEventBytes:0} B) in {feed.Elapsed.TotalSeconds:0.0} s to {partitions} partitions; audited: nothing dropped; "
            + $"they make {expectedMcps:N0} MCPs; cluster process working set {MemoryFigures.Mib(Environment.WorkingSet)}").ConfigureAwait(false);
        await output.WriteLineAsync($"READY {cluster.BootstrapServers} {registry.Url} {events} {expectedMcps}").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    /// <summary>Closes the child's input (it stops) and waits for it; kills it if it does not stop in time.</summary>
    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
