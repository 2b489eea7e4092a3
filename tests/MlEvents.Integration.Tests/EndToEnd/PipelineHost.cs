using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Integration.Tests.Worker;
using MlEvents.Worker;
using MlEvents.Translation;
using MlEvents.Worker.Rejections;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>The real worker host (pipeline + <see cref="AvroEventTranslator"/> + rejection monitor, off unless enabled) as Program.cs builds it, with test-friendly timings.</summary>
public static class PipelineHost
{
    public static IHost Build(
        string bootstrapServers,
        string registryUrl,
        PipelineTopics topics,
        ITestOutputHelper? output = null,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Consumer:group.protocol"] = "consumer", // KIP-848: sub-second rebalances on the mock
            ["Kafka:Consumer:auto.commit.interval.ms"] = "200",
            ["SchemaRegistry:Url"] = registryUrl,
            ["SchemaRegistry:RequestTimeoutMs"] = "2000",
            ["SchemaRegistry:MaxRetries"] = "1",
            ["SchemaRegistry:RetriesWaitMs"] = "50",
            ["Worker:EventsTopic"] = topics.Events,
            ["Worker:McpTopic"] = topics.Mcp,
            ["Worker:DeadLetterTopic"] = topics.DeadLetter,
            ["Worker:GroupId"] = topics.Group,
            ["Worker:RetryInitialDelay"] = "00:00:00.050",
            ["Worker:RetryMaxDelay"] = "00:00:00.400",
            ["Worker:ShutdownTimeout"] = "00:00:10",
            ["Worker:RevokeDrainTimeout"] = "00:00:05",
            ["Worker:StartupCheckTimeout"] = "00:00:05",
            ["Metrics:Enabled"] = "false", // several hosts per process: no HTTP endpoints to clash
            ["Rejections:Enabled"] = "false", // on in the rejection tests only: one more consumer group per host
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Where(kv => kv.Value is not null));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        }

        configure?.Invoke(builder.Services);
        builder.Services.AddMlEventsWorker(builder.Configuration);
        builder.Services.AddMlEventsTranslation(builder.Configuration);
        builder.Services.AddMlEventsRejectionMonitor(builder.Configuration);
        return builder.Build();
    }
}
