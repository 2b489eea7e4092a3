using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MlEvents.Embedded;

/// <summary>
/// In-process Confluent-compatible Schema Registry (Avro only) on Kestrel, bound to 127.0.0.1.
/// Use for tests and the dev loop; optionally emulates DataHub GMS's internal registry
/// (<see cref="EmbeddedSchemaRegistryOptions.DataHubSubjects"/>). Fault switches: <see cref="SetAvailable"/>,
/// <see cref="Latency"/>, <see cref="FailNextRequests"/>.
/// </summary>
public sealed class EmbeddedSchemaRegistry : IAsyncDisposable
{
    private readonly EmbeddedSchemaRegistryOptions _options;
    private readonly SchemaRegistryStore _store = new();
    private WebApplication? _app;
    private volatile bool _available = true;
    private int _failuresLeft;
    private HttpStatusCode _failureStatus = HttpStatusCode.ServiceUnavailable;
    private long _requestCount;

    public EmbeddedSchemaRegistry(EmbeddedSchemaRegistryOptions? options = null)
    {
        _options = options ?? new EmbeddedSchemaRegistryOptions();
    }

    /// <summary>Base URL including <see cref="EmbeddedSchemaRegistryOptions.PathBase"/>, e.g. "http://127.0.0.1:41234"; set by <see cref="StartAsync"/>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>True in DataHub (GMS internal registry) mode.</summary>
    public bool IsDataHubMode => _options.DataHubSubjects is not null;

    /// <summary>Requests received (including rejected ones).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Delay added before every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Creates and starts a registry.</summary>
    public static async Task<EmbeddedSchemaRegistry> StartNewAsync(EmbeddedSchemaRegistryOptions? options = null, CancellationToken cancellationToken = default)
    {
        var registry = new EmbeddedSchemaRegistry(options);
        await registry.StartAsync(cancellationToken).ConfigureAwait(false);
        return registry;
    }

    /// <summary>Starts Kestrel and returns <see cref="Url"/>.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) return Url;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmbeddedSchemaRegistry).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _options.Port, listen =>
        {
            if (_options.ServerCertificate is not { } certificate) return;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                if (_options.RequireClientCertificate)
                {
                    https.ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true; // presence is what tests check
                }
            });
        }));
        var app = builder.Build();
        var pathBase = _options.PathBase.TrimEnd('/');
        if (pathBase.Length > 0) app.UsePathBase(pathBase);
        app.Use(GuardAsync);
        app.UseRouting();
        if (_options.DataHubSubjects is { } subjects) DataHubRegistryEndpoints.Map(app, subjects, _options.DataHubServesVersions);
        else RegistryEndpoints.Map(app, _store);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Url = address.TrimEnd('/') + pathBase;
        return Url;
    }

    /// <summary>false: every request gets 503 (error_code 50003) until set back to true.</summary>
    public void SetAvailable(bool available) => _available = available;

    /// <summary>The next <paramref name="count"/> requests fail with <paramref name="status"/> (default 503).</summary>
    public void FailNextRequests(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable)
    {
        _failureStatus = status;
        Interlocked.Exchange(ref _failuresLeft, count);
    }

    /// <summary>Registers directly (no HTTP), e.g. to seed a dev registry. Not available in DataHub mode.</summary>
    public int Register(string subject, string avroSchema)
    {
        if (IsDataHubMode) throw new InvalidOperationException("DataHub mode has fixed subjects.");
        return _store.Register(subject, avroSchema);
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requestCount);
        if (Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Latency, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (!_available)
        {
            await RegistryResults.Error(503, 50003, "Schema registry unavailable (fault injected).").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            await RegistryResults.Error((int)_failureStatus, (int)_failureStatus * 100 + 1, "Injected failure.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        Interlocked.CompareExchange(ref _failuresLeft, 0, -1);
        if (_options.BasicAuthUserInfo is { } userInfo && !IsAuthorized(context.Request, userInfo))
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"SchemaRegistry\"";
            await RegistryResults.Error(401, 40101, "Unauthorized").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    }

    private static bool IsAuthorized(HttpRequest request, string userInfo)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Basic ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var presented = Encoding.UTF8.GetString(Convert.FromBase64String(header[prefix.Length..].Trim()));
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(userInfo));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
