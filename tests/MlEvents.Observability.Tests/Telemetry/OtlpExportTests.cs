using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MlEvents.Observability.Tests.Telemetry;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Configured_endpoint_receives_traces_and_metrics_over_http_protobuf_with_the_configured_headers()
    {
        await using var collector = await FakeCollector.StartAsync();
        var sourceName = $"Otlp.Test.{Guid.NewGuid():N}";
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Telemetry:Otlp:Endpoint"] = collector.Address.ToString(),
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
            ["Telemetry:Otlp:Headers"] = "x-api-key=s3cret",
            ["Telemetry:Tracing:Sources:0"] = sourceName,
            ["Metrics:MeterNames:0"] = sourceName,
        });
        await host.StartAsync();
        try
        {
            using var source = new ActivitySource(sourceName);
            using (source.StartActivity("process events"))
            {
            }
            host.Services.GetRequiredService<IMeterFactory>().Create(sourceName).CreateCounter<long>("otlp.test.events").Add(5);

            Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
            // False whatever happens to OTLP: the Prometheus reader beside it only collects when scraped.
            host.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);

            Assert.Contains(collector.Requests, r => r.Path == "/v1/traces" && r.ApiKey == "s3cret" && r.ContentType == "application/x-protobuf" && r.Length > 0);
            Assert.Contains(collector.Requests, r => r.Path == "/v1/metrics" && r.ApiKey == "s3cret" && r.Length > 0);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_exported_and_no_spans_are_recorded()
    {
        using var host = BuildHost([]);

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>()); // /metrics still works
    }

    [Fact]
    public async Task Invalid_telemetry_settings_fail_at_start()
    {
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Telemetry:Otlp:Endpoint"] = "collector:4317",
            ["Telemetry:Otlp:Protocol"] = "thrift",
            ["Telemetry:Tracing:SamplingRatio"] = "2",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Telemetry:Otlp:Endpoint", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Telemetry:Otlp:Protocol", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Telemetry:Tracing:SamplingRatio", StringComparison.Ordinal));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        settings["Metrics:Enabled"] = "false";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddMlEventsObservability(builder.Configuration);
        return builder.Build();
    }

    /// <summary>An OTLP/HTTP receiver that only records what reaches it.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeCollector(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public ConcurrentQueue<(string Path, string? ApiKey, string? ContentType, long Length)> Requests { get; } = new();

        public static async Task<FakeCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            FakeCollector? collector = null;
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector!.Requests.Enqueue((context.Request.Path, context.Request.Headers["x-api-key"].FirstOrDefault(), context.Request.ContentType, body.Length));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            collector = new FakeCollector(app, new Uri(address));
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
