using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using MlEvents.Worker.Configuration;
using MlEvents.Observability.Lag;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Worker.Pipeline;

/// <summary>What every partition worker shares: the producer, the translator and the policies.</summary>
internal sealed class PipelineContext(
    IProducer<byte[]?, byte[]?> producer,
    IEventTranslator translator,
    ITransientErrorClassifier classifier,
    WorkerOptions options,
    WorkerMetrics metrics,
    ConsumerLagTracker lag,
    WorkerReadiness readiness,
    ILogger logger,
    Action<Error> onFatalError,
    int maxMessageBytes,
    Sink.GmsSink? gms = null)
{
    /// <summary>The REST sink (MCPs to GMS), or null for the Kafka sink.</summary>
    public Sink.GmsSink? Gms { get; } = gms;

    /// <summary>The producer's <c>message.max.bytes</c>: dead-letter records are built to fit it.</summary>
    public int MaxMessageBytes { get; } = maxMessageBytes;

    public IProducer<byte[]?, byte[]?> Producer { get; } = producer;

    public IEventTranslator Translator { get; } = translator;

    public ITransientErrorClassifier Classifier { get; } = classifier;

    public WorkerOptions Options { get; } = options;

    public WorkerMetrics Metrics { get; } = metrics;

    public ConsumerLagTracker Lag { get; } = lag;

    public WorkerReadiness Readiness { get; } = readiness;

    public ILogger Logger { get; } = logger;

    public InFlightBudget Budget { get; } = new(options.MaxInFlightEvents, options.MaxInFlightBytes);

    public RetryBackoff Backoff { get; } = new(options.RetryInitialDelay, options.RetryMaxDelay, options.RetryBackoffMultiplier);

    public void Fatal(Error error) => onFatalError(error);
}
