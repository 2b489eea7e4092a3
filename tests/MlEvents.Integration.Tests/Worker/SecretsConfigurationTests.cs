using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Confluent.SchemaRegistry;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;
using MlEvents.Translation;

namespace MlEvents.Integration.Tests.Worker;

public sealed class SecretsConfigurationTests
{
    private const string Secret = "S3cr3t' at 'Fake:Path' to type 'X'.";

    [Theory]
    [InlineData("SchemaRegistry:RequestTimeoutMs", "Int32")]
    [InlineData("SchemaRegistry:EnableSslCertificateVerification", "Boolean")]
    [InlineData("SchemaRegistry:SubjectNameStrategy", "SubjectNameStrategy")]
    public void A_value_the_binder_cannot_convert_is_reported_by_setting_and_type_never_by_value(string path, string type)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [path] = Secret }).Build();

        var error = Assert.ThrowsAny<InvalidOperationException>(() => configuration.GetSection("SchemaRegistry").Get<SchemaRegistryOptions>());
        Assert.Contains("S3cr3t", error.Message + error.InnerException?.Message, StringComparison.Ordinal); // what the binder would have printed

        Assert.True(ConfigurationErrorText.IsConversionError(error));
        var described = ConfigurationErrorText.Describe(error);
        Assert.DoesNotContain("S3cr3t", described, StringComparison.Ordinal);
        Assert.StartsWith($"{path} (environment variable {path.Replace(":", "__", StringComparison.Ordinal)}) must be", described, StringComparison.Ordinal);
        Assert.Contains(type, described, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("htp://user:p@ss@registry:8081")]
    [InlineData("user:S3cr3t@registry")]
    [InlineData("registry:8081/S3cr3t")]
    public void A_malformed_registry_url_is_never_echoed(string url)
    {
        var result = new SchemaRegistryOptionsValidator().Validate(null, new SchemaRegistryOptions { Url = $"http://ok:8081,{url}" });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("SchemaRegistry:Url entry 2 of 2 is not an absolute http(s) URL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("ss@", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("S3cr3t", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("registry", failure.Replace("SchemaRegistry", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Bearer_auth_needs_its_credentials_source_and_excludes_basic_auth()
    {
        var validator = new SchemaRegistryOptionsValidator();
        Assert.Contains("BearerAuthCredentialsSource is not", Assert.Single(validator.Validate(null, new SchemaRegistryOptions { Url = "https://r", BearerAuthToken = "t" }).Failures!), StringComparison.Ordinal);
        Assert.Contains("needs SchemaRegistry:BearerAuthToken", Assert.Single(validator.Validate(null, new SchemaRegistryOptions
        {
            Url = "https://r",
            BearerAuthCredentialsSource = BearerAuthCredentialsSource.StaticToken,
        }).Failures!), StringComparison.Ordinal);
        Assert.Contains("cannot both be set", Assert.Single(validator.Validate(null, new SchemaRegistryOptions
        {
            Url = "https://r",
            BearerAuthCredentialsSource = BearerAuthCredentialsSource.StaticToken,
            BearerAuthToken = "t",
            BasicAuthUserInfo = "u:p",
        }).Failures!), StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new SchemaRegistryOptions
        {
            Url = "https://r",
            BearerAuthCredentialsSource = BearerAuthCredentialsSource.StaticToken,
            BearerAuthToken = "t",
        }).Succeeded);
    }

    [Fact]
    public async Task The_bearer_token_reaches_the_registry_as_an_authorization_header()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var answered = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            var headers = (context.Request.Headers["Authorization"], context.Request.Headers["target-sr-cluster"], context.Request.Headers["Confluent-Identity-Pool-Id"]);
            context.Response.ContentType = "application/vnd.schemaregistry.v1+json";
            await context.Response.OutputStream.WriteAsync("[]"u8.ToArray());
            context.Response.Close();
            return headers;
        });
        var options = new SchemaRegistryOptions
        {
            Url = $"http://127.0.0.1:{port}",
            BearerAuthCredentialsSource = BearerAuthCredentialsSource.StaticToken,
            BearerAuthToken = "datahub-personal-access-token",
            BearerAuthLogicalCluster = "lsrc-1",
            BearerAuthIdentityPoolId = "pool-1",
        };

        await new SchemaRegistryStartupCheck(Options.Create(options), Options.Create(new WorkerOptions())).CheckAsync(CancellationToken.None);

        Assert.Equal(("Bearer datahub-personal-access-token", "lsrc-1", "pool-1"), await answered.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("datahub-personal-access-token", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_over_plain_http_or_sasl_plaintext_are_warned_about()
    {
        Assert.Single(PlaintextCredentials.ForRegistry("http://registry:8081,https://other", hasCredentials: true, "SchemaRegistry:BasicAuthUserInfo"));
        Assert.Empty(PlaintextCredentials.ForRegistry("http://registry:8081", hasCredentials: false, "SchemaRegistry:BasicAuthUserInfo"));
        Assert.Empty(PlaintextCredentials.ForRegistry("https://registry:8081", hasCredentials: true, "SchemaRegistry:BasicAuthUserInfo"));
        Assert.Single(PlaintextCredentials.ForKafka(new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_PLAINTEXT",
            ["sasl.mechanism"] = "PLAIN",
            ["sasl.password"] = "p",
        }));
        Assert.Empty(PlaintextCredentials.ForKafka(new Dictionary<string, string>
        {
            ["security.protocol"] = "SASL_SSL",
            ["sasl.mechanism"] = "PLAIN",
            ["sasl.password"] = "p",
        }));
        var warning = Assert.Single(PlaintextCredentials.ForRegistry("http://registry:8081", hasCredentials: true, "SchemaRegistry:BearerAuthToken"));
        Assert.Contains("https://", warning, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
