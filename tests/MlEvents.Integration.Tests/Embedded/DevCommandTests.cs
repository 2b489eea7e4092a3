using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace MlEvents.Integration.Tests.Embedded;

/// <summary>The development host's <c>dev</c> command (formerly <c>mlevents dev</c>).</summary>
public sealed partial class DevCommandTests
{
    [Fact]
    public async Task Dev_starts_kafka_and_a_registry_prints_how_to_connect_and_stops_on_cancellation()
    {
        var buffer = new StringBuilder();
        var output = TextWriter.Synchronized(new StringWriter(buffer));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = MlEvents.DevHost.DevHostCommandLine.RunAsync(["dev", "--brokers", "1", "--registry-port", "0", "--partitions", "2"], output, output, cancellation.Token);

        var text = await WaitForOutputAsync(buffer, output, "Schema registry:", run);
        var bootstrap = BootstrapLine().Match(text).Groups[1].Value;
        var registryUrl = RegistryLine().Match(text).Groups[1].Value;
        Assert.Contains(
            $"Kafka__BootstrapServers={bootstrap} SchemaRegistry__Url={registryUrl} dotnet run --project src/MlEvents.Worker -- --Kafka:Consumer:group.protocol=consumer",
            text);
        Assert.Contains($"export MLEVENTS_BOOTSTRAP_SERVERS={bootstrap} MLEVENTS_SCHEMA_REGISTRY_URL={registryUrl}", text);

        // Both are really up: the topics exist with the requested partitions, the registry answers.
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            foreach (var topic in new[] { "mlevents.events", "MetadataChangeProposal_v1", "mlevents.events.dlq" })
            {
                Assert.Equal(2, admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count);
            }
        }

        using var http = new HttpClient();
        Assert.Equal("[]", await http.GetStringAsync(registryUrl + "/subjects"));

        cancellation.Cancel();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, exitCode);
        var registryPort = new Uri(registryUrl).Port;
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", registryPort));
    }

    [Fact]
    public async Task Dev_rejects_a_broker_count_below_one()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await MlEvents.DevHost.DevHostCommandLine.RunAsync(["dev", "--brokers", "0", "--registry-port", "0"], output, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("--brokers", error.ToString());
    }

    private static async Task<string> WaitForOutputAsync(StringBuilder buffer, TextWriter writer, string marker, Task<int> run)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            string text;
            lock (writer)
            {
                text = buffer.ToString();
            }

            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return text;
            }

            Assert.False(run.IsCompleted, $"dev ended early: {text}");
            await Task.Delay(50);
        }

        throw new TimeoutException($"dev did not print \"{marker}\"");
    }

    [GeneratedRegex(@"Kafka bootstrap servers: (\S+)")]
    private static partial Regex BootstrapLine();

    [GeneratedRegex(@"Schema registry:\s+(\S+)")]
    private static partial Regex RegistryLine();
}
