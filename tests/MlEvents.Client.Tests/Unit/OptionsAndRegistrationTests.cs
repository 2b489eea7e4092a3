using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlEvents.Client;

namespace MlEvents.Client.Tests.Unit;

public sealed class OptionsAndRegistrationTests
{
    [Fact]
    public void Create_lists_every_missing_or_invalid_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MlEventsPublisher.Create(new MlEventsPublisherOptions
        {
            SchemaRegistryUrl = "localhost:8081",
            Platform = "ml flow",
            Environment = "prod",
        }));

        Assert.Collection(error.Failures,
            f => Assert.Contains("BootstrapServers", f),
            f => Assert.Contains("SchemaRegistryUrl is not an absolute http(s) URL", f),
            f => Assert.Contains("Platform 'ml flow'", f),
            f => Assert.Contains("Environment 'prod'", f));
    }

    [Theory]
    [InlineData("acks", "1")]
    [InlineData("enable.idempotence", "false")]
    public void Delivery_guarantees_cannot_be_weakened(string key, string value)
    {
        var options = Valid();
        options.KafkaSettings[key] = value;

        var error = Assert.Throws<OptionsValidationException>(() => MlEventsPublisher.Create(options));

        Assert.Contains($"KafkaSettings['{key}']", error.Message);
    }

    [Fact]
    public void Kafka_settings_pass_through_and_the_publisher_owns_bootstrap_acks_idempotence_and_timeout()
    {
        var options = Valid();
        options.KafkaSettings["security.protocol"] = "sasl_ssl";
        options.KafkaSettings["sasl.mechanism"] = "PLAIN";
        options.KafkaSettings["linger.ms"] = "50";
        options.DeliveryTimeout = TimeSpan.FromSeconds(7);

        var config = KafkaEventSink.ProducerConfigFor(options);

        Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
        Assert.Equal(SaslMechanism.Plain, config.SaslMechanism);
        Assert.Equal(50, config.LingerMs);
        Assert.Equal(("broker:9092", Acks.All, true, 7000), (config.BootstrapServers, config.Acks, config.EnableIdempotence, config.MessageTimeoutMs));
    }

    [Fact]
    public async Task The_publisher_binds_from_a_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MlEvents:Publisher:BootstrapServers"] = "broker:9092",
            ["MlEvents:Publisher:SchemaRegistryUrl"] = "http://registry:8081",
            ["MlEvents:Publisher:Platform"] = "sagemaker",
            ["MlEvents:Publisher:FlushTimeout"] = "00:00:05",
            ["MlEvents:Publisher:KafkaSettings:sasl.mechanism"] = "SCRAM-SHA-512",
            ["MlEvents:Publisher:SchemaRegistry:BasicAuthUserInfo"] = "user:secret",
        }).Build();
        var services = new ServiceCollection().AddMlEventsPublisher(configuration.GetSection(MlEventsPublisherOptions.DefaultSectionName));
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MlEventsPublisherOptions>>().Value;
        var publisher = provider.GetRequiredService<IMlEventsPublisher>();

        Assert.IsType<MlEventsPublisher>(publisher);
        Assert.Same(publisher, provider.GetRequiredService<IMlEventsPublisher>());
        Assert.Equal(("broker:9092", "http://registry:8081", "sagemaker", TimeSpan.FromSeconds(5), "SCRAM-SHA-512", "user:secret"),
            (options.BootstrapServers, options.SchemaRegistry.Url, options.Platform, options.FlushTimeout, options.KafkaSettings["sasl.mechanism"], options.SchemaRegistry.BasicAuthUserInfo));
    }

    [Fact]
    public async Task A_host_with_invalid_publisher_options_fails_at_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMlEventsPublisher(o => o.BootstrapServers = "broker:9092");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SchemaRegistryUrl is required", error.Message);
        Assert.Contains("Platform", error.Message);
    }

    private static MlEventsPublisherOptions Valid() => new()
    {
        BootstrapServers = "broker:9092",
        SchemaRegistryUrl = "http://registry:8081",
        Platform = "mlflow",
    };
}
