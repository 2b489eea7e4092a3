using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlEvents.Observability.Health;
using MlEvents.Observability.Hosting;
using MlEvents.Observability.Lag;
using MlEvents.Observability.Metrics;
using MlEvents.Observability.Tests.Support;

namespace MlEvents.Observability.Tests.Hosting;

public sealed class MetricsServerTests : IAsyncLifetime
{
    private readonly string _meterName = $"Http.{Guid.NewGuid():N}";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServiceProvider _services = null!;
    private MetricsServer _server = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMlEventsObservability(configure: o => o.MeterNames = [_meterName]);
        services.AddReadinessSignal("kafka-assigned", initiallyReady: true);
        services.AddReadinessSignal("registry-reachable", initiallyReady: true);
        _services = services.BuildServiceProvider();
        _server = await MetricsServer.StartAsync(_services, new ObservabilityOptions { Host = "127.0.0.1", Port = 0, ShowHealthDetails = true });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _services.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Metrics_endpoint_serves_meter_instruments_in_text_format_0_0_4()
    {
        using var meter = new Meter(_meterName);
        meter.CreateCounter<long>("mlevents.events.consumed", "{event}").Add(3, new KeyValuePair<string, object?>("event_type", "JobStarted"));

        using var response = await _http.GetAsync(new Uri(_server.Address, "/metrics"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Contains("mlevents_events_consumed_total{event_type=\"JobStarted\"} 3\n", body);
    }

    [Fact]
    public async Task OpenTelemetry_names_are_the_ones_the_dashboard_and_alerts_use()
    {
        using var meter = new Meter(_meterName);
        meter.CreateCounter<long>("mlevents.retries", "{retry}").Add(2, new KeyValuePair<string, object?>("kind", "translate"));
        meter.CreateHistogram("mlevents.processing.seconds", "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1] }).Record(0.05);
        meter.CreateObservableGauge("mlevents.producer.queue_fill_ratio", () => 0.25, "1");
        meter.CreateObservableGauge("mlevents.assigned_partitions", () => 4, "{partition}");

        var body = await _http.GetStringAsync(new Uri(_server.Address, "/metrics"));
        var samples = PrometheusText.Parse(body);

        Assert.Equal("counter", PrometheusText.TypeOf(body, "mlevents_retries_total"));
        Assert.Equal(2, samples.Single("mlevents_retries_total", ("kind", "translate")));
        Assert.Equal("histogram", PrometheusText.TypeOf(body, "mlevents_processing_seconds"));
        Assert.Equal(0, samples.Single("mlevents_processing_seconds_bucket", ("le", "0.01")));
        Assert.Equal(1, samples.Single("mlevents_processing_seconds_bucket", ("le", "0.1")));
        Assert.Equal(1, samples.Single("mlevents_processing_seconds_count"));
        Assert.Equal(0.25, samples.Single("mlevents_producer_queue_fill_ratio"));
        Assert.Equal(4, samples.Single("mlevents_assigned_partitions"));
        Assert.DoesNotContain("otel_scope_name", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meters_of_another_hosts_meter_factory_are_not_exported()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        other.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("other.host.events").Add(1);
        _services.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("this.host.events").Add(1);

        var body = await _http.GetStringAsync(new Uri(_server.Address, "/metrics"));

        Assert.Equal(1, PrometheusText.Parse(body).Single("this_host_events_total"));
        Assert.DoesNotContain("other_host_events", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_is_200_even_when_not_ready()
    {
        _services.GetRequiredKeyedService<ReadinessSignal>("kafka-assigned").SetNotReady("no partitions assigned");

        using var live = await _http.GetAsync(new Uri(_server.Address, "/healthz"));
        using var ready = await _http.GetAsync(new Uri(_server.Address, "/readyz"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Readyz_flips_to_503_when_a_signal_goes_false_and_back_to_200()
    {
        var registry = _services.GetRequiredKeyedService<ReadinessSignal>("registry-reachable");
        var url = new Uri(_server.Address, "/readyz");

        using var before = await _http.GetAsync(url);
        registry.SetNotReady("schema registry unreachable: connection refused");
        using var during = await _http.GetAsync(url);
        var duringBody = await during.Content.ReadAsStringAsync();
        registry.SetReady();
        using var after = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains("\"registry-reachable\":{\"status\":\"Unhealthy\",\"description\":\"schema registry unreachable: connection refused\"}", duringBody);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task By_default_it_listens_on_loopback_only_says_so_and_readyz_hides_the_check_details()
    {
        Assert.Equal("127.0.0.1", new ObservabilityOptions().Host);
        await using var server = await MetricsServer.StartAsync(_services, new ObservabilityOptions { Port = 0 });
        _services.GetRequiredKeyedService<ReadinessSignal>("registry-reachable").SetNotReady("registry http://internal-registry:8081 refused");

        using var ready = await _http.GetAsync(new Uri(server.Address, "/readyz"));
        var body = await ready.Content.ReadAsStringAsync();

        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.EndsWith("(this host only)", server.Binding, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("\"registry-reachable\":{\"status\":\"Unhealthy\"}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-registry", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bound_to_all_interfaces_the_log_says_so()
    {
        await using var server = await MetricsServer.StartAsync(_services, new ObservabilityOptions { Host = "*", Port = 0 });

        Assert.Contains("(all interfaces", server.Binding, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", server.Binding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_path_is_404()
    {
        using var response = await _http.GetAsync(new Uri(_server.Address, "/nope"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class ObservabilityHostingTests
{
    [Fact]
    public async Task Worker_host_serves_lag_metrics_and_stall_readiness_on_the_configured_port()
    {
        var port = FreePort();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Metrics:Host"] = "127.0.0.1",
        });
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddMlEventsObservability(builder.Configuration);
        builder.Services.AddMlEventsConsumerLag(t => t.Group = "mlevents", s => s.Window = TimeSpan.FromMinutes(1));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var tracker = host.Services.GetRequiredService<ConsumerLagTracker>();
            var collectors = host.Services.GetServices<IObservableMetricsSource>().ToList();
            Assert.Single(collectors.OfType<HealthReportMetrics>());
            Assert.Single(collectors.OfType<ConsumerLagTracker>());

            tracker.OnStatistics(StatisticsJsonForHost(committed: 5, high: 9));
            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            using var readyBefore = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

            time.Advance(TimeSpan.FromSeconds(61));
            tracker.OnStatistics(StatisticsJsonForHost(committed: 5, high: 11));
            using var readyStalled = await http.GetAsync(new Uri("/readyz", UriKind.Relative));

            Assert.Equal(4, PrometheusText.Parse(metrics).Single("kafka_consumergroup_group_sum_lag", ("cluster_name", "default"), ("group", "mlevents")));
            Assert.Equal(HttpStatusCode.OK, readyBefore.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStalled.StatusCode);
            Assert.Contains("stalled", await readyStalled.Content.ReadAsStringAsync());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Enabled_false_disables_the_server()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsObservability(configure: o => o.Enabled = false);
        using var host = builder.Build();
        await host.StartAsync();

        var hosted = host.Services.GetServices<IHostedService>().OfType<MetricsServerHostedService>().Single();
        Assert.Null(hosted.Address);
        await host.StopAsync();
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_and_exposes_it()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsObservability(configure: o => { o.Port = 0; o.Host = "127.0.0.1"; });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var address = host.Services.GetServices<IHostedService>().OfType<MetricsServerHostedService>().Single().Address;
            Assert.NotNull(address);
            Assert.NotEqual(0, address.Port);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            using var live = await http.GetAsync(new Uri(address, "/healthz"));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_port_in_use_is_logged_and_does_not_stop_the_host()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsObservability(configure: o => { o.Port = port; o.Host = "127.0.0.1"; });
        using var host = builder.Build();

        await host.StartAsync();

        Assert.Null(host.Services.GetServices<IHostedService>().OfType<MetricsServerHostedService>().Single().Address);
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_options_fail_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsObservability(configure: o =>
        {
            o.Port = 70000;
            o.Host = "not an address";
            o.ReadinessPath = "/metrics";
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("Port", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("must differ", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("not an address", StringComparison.Ordinal)); // values are never echoed
    }

    private static string StatisticsJsonForHost(long committed, long high) =>
        Lag.StatisticsJson.Consumer(new Lag.StatisticsJson.Partition("events", 0, committed, high));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
