using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlEvents.Worker;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Sink;
using MlEvents.Worker.Startup;

namespace MlEvents.Integration.Tests.Rest;

public sealed class RestSinkConfigurationTests
{
    private const string Token = "tok-0b7c-SECRET";

    [Fact]
    public void The_Kafka_sink_is_the_default_and_needs_no_GMS_setting()
    {
        var options = Resolve(new());

        Assert.Equal(McpSink.Kafka, options.Sink);
        Assert.True(new DataHubSinkOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_REST_sink_needs_a_GMS_url_and_bounded_settings()
    {
        var failures = new DataHubSinkOptionsValidator().Validate(null, new DataHubSinkOptions
        {
            Sink = McpSink.Rest,
            Rest = new DataHubRestOptions { MaxBatchMcps = 0, MaxConcurrentRequests = 0, RequestTimeout = TimeSpan.Zero },
        }).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("DataHub:Rest:ServerUrl is required with DataHub:Sink=Rest (environment variable DataHub__Rest__ServerUrl)", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DataHub:Rest:MaxBatchMcps must be between 1 and 10000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DataHub:Rest:MaxConcurrentRequests", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("DataHub:Rest:RequestTimeout must be a positive duration", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://user:S3cr3t@gms:8080")]
    [InlineData("gms:8080")]
    [InlineData("ftp://gms/S3cr3t")]
    [InlineData("http://gms:8080/?token=S3cr3t")]
    public void A_bad_GMS_url_is_refused_without_being_echoed(string url)
    {
        var failure = Assert.Single(new DataHubSinkOptionsValidator().Validate(null, Rest(url)).Failures!);

        Assert.StartsWith("DataHub:Rest:ServerUrl (environment variable DataHub__Rest__ServerUrl) must be an http:// or https:// URL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3t", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("gms:8080", failure.Replace("datahub-gms:8080", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_comes_from_the_setting_else_DATAHUB_GMS_TOKEN_else_the_file_variable_and_a_bad_one_is_not_shown()
    {
        Assert.Equal(Token, Resolve(new() { ["DATAHUB_GMS_TOKEN"] = Token }).Rest.Token);
        Assert.Equal("from-setting", Resolve(new() { ["DataHub:Rest:Token"] = "from-setting", ["DATAHUB_GMS_TOKEN"] = Token }).Rest.Token);
        var fromFile = Resolve(new() { ["DATAHUB_GMS_TOKEN_FILE"] = "/run/secrets/gms" }).Rest;
        Assert.Null(fromFile.Token);
        Assert.Equal("/run/secrets/gms", fromFile.TokenFile);

        var validator = new DataHubSinkOptionsValidator();
        var both = Rest("http://gms:8080");
        both.Rest.Token = Token;
        both.Rest.TokenFile = "/run/secrets/gms";
        Assert.Contains("not both", Assert.Single(validator.Validate(null, both).Failures!), StringComparison.Ordinal);
        var missingFile = Rest("http://gms:8080");
        missingFile.Rest.TokenFile = "/nonexistent/gms-token";
        Assert.Contains("names a file that does not exist", Assert.Single(validator.Validate(null, missingFile).Failures!), StringComparison.Ordinal);
        var pasted = Rest("http://gms:8080");
        pasted.Rest.Token = Token + "\n";
        var failure = Assert.Single(validator.Validate(null, pasted).Failures!);
        Assert.Contains("control characters", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_host_reports_a_missing_GMS_url_and_an_unknown_sink_without_the_value()
    {
        using var missingUrl = Host(new() { ["DataHub:Sink"] = "Rest", ["DATAHUB_GMS_TOKEN"] = Token });
        var problems = StartupFailure.Validate(missingUrl.Services);
        Assert.Contains(problems, p => p.StartsWith("Invalid configuration: DataHub:Rest:ServerUrl is required", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain(Token, p, StringComparison.Ordinal));

        using var unknownSink = Host(new() { ["DataHub:Sink"] = Token });
        var unknown = StartupFailure.Validate(unknownSink.Services);
        Assert.Contains("Invalid configuration: DataHub:Sink (environment variable DataHub__Sink) must be a McpSink; the value given is not shown.", unknown);
        Assert.All(unknown, p => Assert.DoesNotContain(Token, p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_start_up_check_needs_GMSs_config_answer()
    {
        await using var gms = await MlEvents.Embedded.EmbeddedGms.StartNewAsync();
        await Check(Rest(gms.Url)); // passes

        var frontend = await Assert.ThrowsAsync<StartupCheckException>(() => Check(Rest("http://frontend:9002"), new Answering("""{"config": {}}""")));
        Assert.Contains("not as DataHub GMS does (no \"noCode\": \"true\")", frontend.Message, StringComparison.Ordinal);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var down = await Assert.ThrowsAsync<StartupCheckException>(() => Check(Rest($"http://127.0.0.1:{port}")));
        Assert.Contains($"cannot reach DataHub GMS at \"http://127.0.0.1:{port}\"", down.Message, StringComparison.Ordinal);

        await Check(new DataHubSinkOptions { Sink = McpSink.Kafka, Rest = new DataHubRestOptions { ServerUrl = $"http://127.0.0.1:{port}" } }); // not used: no check
    }

    [Fact]
    public void A_token_for_an_http_GMS_url_is_warned_about()
    {
        var http = Rest("http://gms:8080");
        http.Rest.Token = Token;
        var warning = Assert.Single(new GmsCredentialsTransport(Options.Create(http)).PlaintextCredentialWarnings());
        Assert.Contains("in clear text to DataHub GMS at http://gms:8080", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, warning, StringComparison.Ordinal);

        var https = Rest("https://acme.acryl.io/gms");
        https.Rest.Token = Token;
        Assert.Empty(new GmsCredentialsTransport(Options.Create(https)).PlaintextCredentialWarnings());
    }

    private static DataHubSinkOptions Rest(string url) => new() { Sink = McpSink.Rest, Rest = new DataHubRestOptions { ServerUrl = url } };

    private static async Task Check(DataHubSinkOptions options, HttpMessageHandler? handler = null)
    {
        using var client = new GmsClient(Options.Create(options), null, handler);
        await new GmsStartupCheck(client, Options.Create(options), Options.Create(new WorkerOptions { StartupCheckTimeout = TimeSpan.FromSeconds(3) }))
            .CheckAsync(CancellationToken.None);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        settings["Kafka:BootstrapServers"] = "127.0.0.1:9";
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<MlEvents.Worker.Pipeline.IEventTranslator>(new Worker.TestTranslator());
        builder.Services.AddMlEventsWorker(builder.Configuration);
        return builder.Build();
    }

    private static DataHubSinkOptions Resolve(Dictionary<string, string?> settings)
    {
        using var host = Host(settings);
        return host.Services.GetRequiredService<IOptions<DataHubSinkOptions>>().Value;
    }

    private sealed class Answering(string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
