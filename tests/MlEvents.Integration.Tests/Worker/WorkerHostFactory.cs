using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Worker;
using MlEvents.Worker.Pipeline;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>Builds a host running the worker the way Program.cs does, with test-friendly timings.</summary>
public static class WorkerHostFactory
{
    public static IHost Build(
        string bootstrapServers,
        WorkerTopics topics,
        IEventTranslator translator,
        ITestOutputHelper? output = null,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Consumer:session.timeout.ms"] = "6000", // the mock completes classic rebalances after session.timeout - 1 s
            ["Kafka:Consumer:heartbeat.interval.ms"] = "500",
            ["Kafka:Consumer:auto.commit.interval.ms"] = "200",
            ["Worker:EventsTopic"] = topics.Events,
            ["Worker:McpTopic"] = topics.Mcp,
            ["Worker:DeadLetterTopic"] = topics.DeadLetter,
            ["Worker:GroupId"] = topics.Group,
            ["Worker:RetryInitialDelay"] = "00:00:00.050",
            ["Worker:RetryMaxDelay"] = "00:00:00.400",
            ["Worker:ShutdownTimeout"] = "00:00:10",
            ["Worker:RevokeDrainTimeout"] = "00:00:05",
            ["Worker:StartupCheckTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                settings.Remove(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(TestOutputLoggerProvider.MinimumLevel);
        if (output is not null)
        {
            builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        }

        builder.Services.AddSingleton(translator);
        builder.Services.AddMlEventsWorker(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}

/// <summary>Topic and group names of one test, unique so tests sharing a cluster do not see each other.</summary>
public sealed record WorkerTopics(string Events, string Mcp, string DeadLetter, string Group)
{
    public static WorkerTopics Unique() => new(
        KafkaTestKit.Unique("events"), KafkaTestKit.Unique("mcp"), KafkaTestKit.Unique("dlq"), KafkaTestKit.Unique("group"));
}
