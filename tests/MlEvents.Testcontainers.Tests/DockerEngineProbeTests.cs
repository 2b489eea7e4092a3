using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlEvents.Testcontainers.Tests;

public sealed class DockerEngineProbeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    // For probes that get an answer: the fake engine's thread may wait for a core on a loaded machine, and these tests
    // are about what an answer means, not about the timeout (the timeout has its own tests with Timeout).
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);
    private readonly string socketPath = Path.Combine(Path.GetTempPath(), $"fake-docker-{Guid.NewGuid():N}.sock");
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    public void Dispose()
    {
        listener.Dispose();
        File.Delete(socketPath);
    }

    [Fact]
    public async Task An_engine_answering_ping_is_available()
    {
        Listen();
        var server = Task.Run(() => AnswerOnce("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"));

        var reason = DockerEngine.Probe("unix://" + socketPath, AnswerTimeout);

        Assert.Null(reason);
        Assert.Contains("GET /_ping", await server);
    }

    [Fact]
    public void An_error_status_is_reported()
    {
        Listen();
        _ = Task.Run(() => AnswerOnce("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"));

        var reason = DockerEngine.Probe("unix://" + socketPath, AnswerTimeout);

        Assert.Equal($"unix://{socketPath} answered /_ping with 500", reason);
    }

    [Fact]
    public void A_missing_socket_is_reported_quickly()
    {
        var stopwatch = Stopwatch.StartNew();

        var reason = DockerEngine.Probe("unix://" + socketPath, Timeout);

        Assert.StartsWith($"unix://{socketPath} did not answer /_ping", reason);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void An_engine_that_accepts_but_never_answers_times_out_instead_of_hanging()
    {
        Listen();
        var stopwatch = Stopwatch.StartNew();

        var reason = DockerEngine.Probe("unix://" + socketPath, Timeout);

        Assert.StartsWith($"unix://{socketPath} did not answer /_ping within 1 s", reason);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_closed_tcp_port_is_reported()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var reason = DockerEngine.Probe($"tcp://127.0.0.1:{port}", Timeout);

        Assert.StartsWith($"tcp://127.0.0.1:{port} did not answer /_ping", reason);
    }

    [Fact]
    public void Docker_facts_carry_the_reason_when_the_engine_is_unavailable()
    {
        var fact = new DockerFactAttribute();

        Assert.Equal(
            DockerEngine.UnavailableReason is { } reason ? $"Docker engine not available: {reason}" : null,
            fact.Skip);
    }

    private void Listen()
    {
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen();
    }

    private string AnswerOnce(string response)
    {
        using var connection = listener.Accept();
        var buffer = new byte[4096];
        var received = connection.Receive(buffer);
        connection.Send(Encoding.ASCII.GetBytes(response));
        connection.Shutdown(SocketShutdown.Both);
        return Encoding.ASCII.GetString(buffer, 0, received);
    }
}
