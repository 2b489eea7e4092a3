using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;

namespace MlEvents.Bench.Macro;

/// <summary>The librdkafka settings both sides of a run use: the worker's <see cref="KafkaClientConfigs"/> built from the run's configuration.</summary>
public static class ClientSettings
{
    private static readonly string[] ConsumerKeys =
        ["group.protocol", "queued.min.messages", "queued.max.messages.kbytes", "fetch.max.bytes", "fetch.queue.backoff.ms", "fetch.wait.max.ms", "max.partition.fetch.bytes"];

    private static readonly string[] ProducerKeys =
        ["linger.ms", "compression.type", "acks", "enable.idempotence", "dotnet.producer.delivery.report.fields", "batch.size", "queue.buffering.max.messages"];

    public static KafkaClientConfigs ConfigsFor(WorkerRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(request.Configuration()).Build();
        return new KafkaClientConfigs(
            Options.Create(configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions()),
            Options.Create(configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions()));
    }

    /// <summary>One line per client with the settings that decide fetching and producing (librdkafka defaults for the unset ones).</summary>
    public static string Describe(WorkerRunRequest request)
    {
        var configs = ConfigsFor(request);
        var consumer = configs.Consumer();
        var producer = configs.Producer();
        return "Client settings, passthrough and worker alike (the worker's KafkaClientConfigs; unset = librdkafka's default):" + Environment.NewLine
            + "  consumer: " + string.Join(", ", ConsumerKeys.Select(k => $"{k}={consumer.Get(k) ?? "unset"}")) + Environment.NewLine
            + "  producer: " + string.Join(", ", ProducerKeys.Select(k => $"{k}={producer.Get(k) ?? "unset"}"));
    }
}
