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
    public async Task Dev_with_gms_serves_the_gms_stand_in_prints_its_url_and_stops_it_on_cancellation()
    {
        var buffer = new StringBuilder();
        var output = TextWriter.Synchronized(new StringWriter(buffer));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = MlEvents.DevHost.DevHostCommandLine.RunAsync(
            ["dev", "--brokers", "1", "--registry-port", "0", "--partitions", "1", "--gms", "--gms-port", "0"], output, output, cancellation.Token);

        var text = await WaitForOutputAsync(buffer, output, "DataHub GMS stand-in:", run);
        var gmsUrl = GmsLine().Match(text).Groups[1].Value;
        using var http = new HttpClient();
        var config = await http.GetStringAsync(gmsUrl + "/config");
        using var ingest = await http.PostAsync(gmsUrl + "/aspects?action=ingestProposal", new StringContent(
            """{"proposal":{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"UPSERT","aspectName":"tagProperties","aspect":{"value":"{\"name\":\"t\"}","contentType":"application/json"}},"async":"false"}""",
            Encoding.UTF8, "application/json"));

        Assert.Contains($"add DataHub__Sink=Rest DataHub__Rest__ServerUrl={gmsUrl}", text, StringComparison.Ordinal); // the worker's REST sink settings
        Assert.Contains("\"noCode\":\"true\"", config, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, ingest.StatusCode);
        cancellation.Cancel();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", new Uri(gmsUrl).Port));
    }

    [Fact]
    public async Task Dev_without_gms_starts_no_gms_stand_in()
    {
        var buffer = new StringBuilder();
        var output = TextWriter.Synchronized(new StringWriter(buffer));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = MlEvents.DevHost.DevHostCommandLine.RunAsync(["dev", "--brokers", "1", "--registry-port", "0", "--partitions", "1"], output, output, cancellation.Token);

        var text = await WaitForOutputAsync(buffer, output, "Point the CLI at it:", run);
        cancellation.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.DoesNotContain("GMS", text, StringComparison.Ordinal);
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

    [GeneratedRegex(@"DataHub GMS stand-in:\s+(\S+)")]
    private static partial Regex GmsLine();
}
