using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MlEvents.Observability.Hosting;

/// <summary>
/// A small Kestrel server of its own for /metrics, /healthz and /readyz, so a non-web worker host can expose them.
/// Port 0 means "any free port" (tests); <see cref="Address"/> tells which one was bound.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsServer(WebApplication app, Uri address, string binding)
    {
        _app = app;
        Address = address;
        Binding = binding;
    }

    /// <summary>A base address to reach the server from this host, e.g. <c>http://127.0.0.1:40123</c> (<c>localhost</c> when bound to all interfaces).</summary>
    public Uri Address { get; }

    /// <summary>Where it really listens, for the log: e.g. <c>http://127.0.0.1:9464 (this host only)</c> or <c>http://[::]:9464 (all interfaces)</c>.</summary>
    public string Binding { get; }

    public static async Task<MetricsServer> StartAsync(IServiceProvider services, ObservabilityOptions options, CancellationToken cancellationToken = default)
    {
        // Empty builder: no appsettings/environment configuration of the worker (e.g. a Kestrel section or
        // ASPNETCORE_URLS meant for something else) leaks into this server, and no logging noise.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(MetricsServer).Assembly.GetName().Name });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Listen(kestrel, options.Host, options.Port);
        });

        var app = builder.Build();
        ObservabilityEndpoints.Map(app, services, options);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The metrics server reported no bound address.");
        var allInterfaces = bound.Contains("://[::]", StringComparison.Ordinal) || bound.Contains("://0.0.0.0", StringComparison.Ordinal);
        var loopback = Uri.TryCreate(bound, UriKind.Absolute, out var boundUri) && boundUri.IsLoopback;
        var binding = $"{bound.TrimEnd('/')} ({(allInterfaces ? "all interfaces: reachable from other hosts" : loopback ? "this host only" : "this address only")})";
        return new MetricsServer(app, new Uri(bound.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)), binding);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port)
    {
        if (host is "*" or "+")
        {
            kestrel.ListenAnyIP(port);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // ListenLocalhost cannot pick a dynamic port; loopback IPv4 can.
            kestrel.Listen(IPAddress.Loopback, port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(host), port);
        }
    }

    /// <summary>The worker's host owns Ctrl+C/SIGTERM; this embedded server must not react to them on its own.</summary>
    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
