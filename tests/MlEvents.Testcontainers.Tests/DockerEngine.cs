using System.Net;
using System.Net.Sockets;

namespace MlEvents.Testcontainers.Tests;

/// <summary>
/// Finds out once per process, within a couple of seconds, whether a Docker engine answers <c>GET /_ping</c>
/// on the endpoint Testcontainers would use (DOCKER_HOST, else the usual unix sockets).
/// </summary>
public static class DockerEngine
{
    private static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(3);
    private static readonly Lazy<string?> Unavailability = new(
        () => Probe(Environment.GetEnvironmentVariable("DOCKER_HOST"), DefaultProbeTimeout));

    /// <summary>Null when an engine answered; otherwise why the Docker tests cannot run.</summary>
    public static string? UnavailableReason => Unavailability.Value;

    /// <summary>Probes <paramref name="dockerHost"/> (a DOCKER_HOST value; null or empty: the default sockets).</summary>
    public static string? Probe(string? dockerHost, TimeSpan timeout)
    {
        var endpoint = dockerHost is { Length: > 0 }
            ? dockerHost
            : DefaultSockets().FirstOrDefault(File.Exists) is { } socket ? "unix://" + socket : null;
        if (endpoint is null)
        {
            return $"DOCKER_HOST is not set and none of {string.Join(", ", DefaultSockets())} exists";
        }
        if (endpoint.StartsWith("npipe://", StringComparison.OrdinalIgnoreCase))
        {
            return null; // Windows named pipes are not probed; Testcontainers reports its own errors.
        }
        try
        {
            using var cancellation = new CancellationTokenSource(timeout);
            using var client = CreateClient(new Uri(endpoint), timeout);
            using var response = client.GetAsync("http://docker/_ping", cancellation.Token).GetAwaiter().GetResult();
            return response.StatusCode == HttpStatusCode.OK
                ? null
                : $"{endpoint} answered /_ping with {(int)response.StatusCode}";
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException
                                              or OperationCanceledException or UriFormatException or NotSupportedException)
        {
            return $"{endpoint} did not answer /_ping within {timeout.TotalSeconds:0.#} s ({exception.GetBaseException().Message})";
        }
    }

    private static HttpClient CreateClient(Uri endpoint, TimeSpan timeout)
    {
        EndPoint target = endpoint.Scheme switch
        {
            "unix" => new UnixDomainSocketEndPoint(endpoint.AbsolutePath),
            "tcp" or "http" => new DnsEndPoint(endpoint.Host, endpoint.Port),
            _ => throw new NotSupportedException($"unsupported DOCKER_HOST scheme '{endpoint.Scheme}'"),
        };
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout,
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = target is UnixDomainSocketEndPoint
                    ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                    : new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(target, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = timeout };
    }

    private static IEnumerable<string> DefaultSockets()
    {
        yield return "/var/run/docker.sock";
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir)
        {
            yield return Path.Combine(runtimeDir, "docker.sock");
        }
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker", "run", "docker.sock");
    }
}
