using Microsoft.Extensions.Options;
using MlEvents.Embedded;
using MlEvents.Worker.Startup;

namespace MlEvents.Integration.Tests.EndToEnd;

[Collection(EndToEndCollection.Name)]
public sealed class TranslationStartupTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task An_unreachable_registry_fails_start_up_with_an_actionable_message()
    {
        var topics = fixture.NewTopics();
        using var host = PipelineHost.Build(fixture.BootstrapServers, "http://127.0.0.1:1", topics);

        var error = await Assert.ThrowsAsync<StartupCheckException>(() => host.StartAsync());

        Assert.Contains("Schema Registry", error.Message);
        Assert.Contains("http://127.0.0.1:1", error.Message);
        Assert.Contains("SchemaRegistry__Url", error.Message);
    }

    [Fact]
    public async Task Rejected_credentials_fail_start_up_without_showing_the_password()
    {
        var topics = fixture.NewTopics();
        await using var registry = await EmbeddedSchemaRegistry.StartNewAsync(new EmbeddedSchemaRegistryOptions { BasicAuthUserInfo = "svc:right-secret" });
        using var host = PipelineHost.Build(fixture.BootstrapServers, registry.Url, topics,
            overrides: new Dictionary<string, string?> { ["SchemaRegistry:BasicAuthUserInfo"] = "svc:wrong-secret" });

        var error = await Assert.ThrowsAsync<StartupCheckException>(() => host.StartAsync());

        Assert.Contains("SchemaRegistry__BasicAuthUserInfo", error.Message);
        Assert.DoesNotContain("wrong-secret", error.Message);
    }

    [Fact]
    public async Task Invalid_registry_and_conversion_settings_are_all_reported_at_start_up()
    {
        var topics = fixture.NewTopics();
        using var host = PipelineHost.Build(fixture.BootstrapServers, "", topics, overrides: new Dictionary<string, string?>
        {
            ["SchemaRegistry:UseLatestVersion"] = "true",
            ["SchemaRegistry:BasicAuthUserInfo"] = "no-colon-secret",
            ["Conversion:ModelVersionSeparator"] = "a b",
        });

        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // One OptionsValidationException per failing section (an AggregateException when several fail).
        IEnumerable<Exception> failures = error is AggregateException aggregate ? aggregate.InnerExceptions : [error!];
        var message = string.Join("\n", failures.Select(e => Assert.IsType<OptionsValidationException>(e)).SelectMany(e => e.Failures));
        Assert.Contains("SchemaRegistry:Url is required (environment variable SchemaRegistry__Url)", message);
        Assert.Contains("SchemaRegistry:UseLatestVersion=true needs SchemaRegistry:AutoRegisterSchemas=false", message);
        Assert.Contains("SchemaRegistry:BasicAuthUserInfo must have the form", message);
        Assert.DoesNotContain("no-colon-secret", message);
        Assert.Contains("Conversion:ModelVersionSeparator", message);
    }
}
