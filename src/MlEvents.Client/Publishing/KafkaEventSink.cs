using System.Collections.Concurrent;
using System.Globalization;
using Avro.Generic;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using MlEvents.Contracts;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.Client;

/// <summary>
/// Encodes events as Avro (schemas/MlEvent.avsc, Confluent wire format, schema id from the registry) and produces them
/// with an idempotent acks=all producer. Encoding happens before anything is handed to Kafka, so a registry failure
/// never leaves a half-sent event. Callers cannot cancel a send: an event handed over is tracked until Kafka acknowledged
/// it or it failed, and disposal flushes (bounded) before it gives the rest up as failed.
/// </summary>
internal sealed partial class KafkaEventSink : IEventSink
{
    private static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(5);
    private readonly MlEventsPublisherOptions _options;
    private readonly ILogger _logger;
    private readonly string _topic;
    private readonly TimeSpan _flushTimeout;
    private readonly CachedSchemaRegistryClient _registry;
    private readonly AvroSerializer<GenericRecord> _serializer;
    private readonly IProducer<string, byte[]> _producer;
    // Every send from its start (encoding included) until it succeeded or failed: what a flush waits for.
    private readonly ConcurrentDictionary<long, InFlight> _inFlight = new();
    private readonly CancellationTokenSource _abandon = new();
    private long _sequence;
    private int _disposed;
    private Error? _lastBrokerError;

    public KafkaEventSink(MlEventsPublisherOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _topic = options.Topic;
        _flushTimeout = options.FlushTimeout;
        _registry = new CachedSchemaRegistryClient(options.SchemaRegistry);
        _serializer = new AvroSerializer<GenericRecord>(_registry, new AvroSerializerConfig
        {
            AutoRegisterSchemas = options.AutoRegisterSchemas,
            UseLatestVersion = !options.AutoRegisterSchemas,
            SubjectNameStrategy = options.SubjectNameStrategy,
        });
        _producer = new ProducerBuilder<string, byte[]>(ProducerConfigFor(options))
            .SetErrorHandler((_, error) => OnBrokerError(error))
            .SetLogHandler((_, message) => LogLibrdkafka(_logger, message.Name, message.Facility, message.Message))
            .Build();
    }

    /// <summary>Pass-through settings first, then the settings the publisher owns.</summary>
    internal static ProducerConfig ProducerConfigFor(MlEventsPublisherOptions options)
    {
        var config = new ProducerConfig(new Dictionary<string, string>(options.KafkaSettings, StringComparer.Ordinal))
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            MessageTimeoutMs = (int)options.DeliveryTimeout.TotalMilliseconds,
        };
        config.ClientId ??= "mlevents-publisher";
        config.LingerMs ??= 5;
        return config;
    }

    // Failures also surface per event through delivery reports; this keeps the last one to say WHY (the address, refused
    // or unresolvable, authentication) where librdkafka's delivery error only says "Message timed out".
    private void OnBrokerError(Error error)
    {
        _lastBrokerError = error;
        LogBrokerError(_logger, error.Code, error.Reason, error.IsFatal);
    }

    public async Task<PublishedEvent> SendAsync(MlEvent mlEvent, string key)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var id = Interlocked.Increment(ref _sequence);
        var entry = new InFlight(mlEvent.EventId);
        _inFlight[id] = entry;
        try
        {
            var value = await EncodeAsync(mlEvent, key).ConfigureAwait(false);
            return await ProduceAsync(mlEvent, key, value).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
            entry.Done.TrySetResult();
        }
    }

    private async Task<PublishedEvent> ProduceAsync(MlEvent mlEvent, string key, byte[] value)
    {
        using var activity = PublisherTracing.StartSend(_topic, mlEvent, key);
        try
        {
            _abandon.Token.ThrowIfCancellationRequested();
            var message = new Message<string, byte[]> { Key = key, Value = value, Headers = PublisherTracing.CurrentHeaders() };
            var result = await _producer.ProduceAsync(_topic, message, _abandon.Token).ConfigureAwait(false);
            PublisherTracing.Stored(activity, result.Partition.Value, result.Offset.Value);
            return new PublishedEvent(mlEvent, key, result.Topic, result.Partition.Value, result.Offset.Value);
        }
        catch (ProduceException<string, byte[]> e)
        {
            PublisherTracing.Failed(activity, e.Error.Reason);
            throw new PublishException(mlEvent.EventId, mlEvent.Payload.TypeName, key, PublishFailure.Delivery,
                DeliveryReason(e.Error), e.Error, e);
        }
        catch (KafkaException e)
        {
            PublisherTracing.Failed(activity, e.Error.Reason);
            throw new PublishException(mlEvent.EventId, mlEvent.Payload.TypeName, key, PublishFailure.Delivery,
                DeliveryReason(e.Error), e.Error, e);
        }
        catch (Exception e) when (_abandon.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException)
        {
            PublisherTracing.Failed(activity, "not acknowledged before the publisher was disposed");
            throw new PublishException(mlEvent.EventId, mlEvent.Payload.TypeName, key, PublishFailure.Delivery,
                $"the publisher was disposed before Kafka acknowledged the event within FlushTimeout ({_flushTimeout.TotalSeconds:0.###} s); it may or may not have been stored" + LastBrokerErrorSuffix(),
                new Error(ErrorCode.Local_MsgTimedOut, "not acknowledged before the publisher was disposed"), e);
        }
    }

    private string DeliveryReason(Error error) =>
        $"Kafka error {error.Code}: {error.Reason}" + (error.Code is ErrorCode.Local_MsgTimedOut or ErrorCode.Local_AllBrokersDown ? LastBrokerErrorSuffix() : "");

    private string LastBrokerErrorSuffix() =>
        Volatile.Read(ref _lastBrokerError) is { } last ? $" (last broker error: {last.Code}: {last.Reason})" : "";

    private async Task<byte[]> EncodeAsync(MlEvent mlEvent, string key)
    {
        try
        {
            var record = MlEventAvro.ToGenericRecord(mlEvent);
            return await _serializer.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, _topic)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            // Confluent's client: SchemaRegistryException (an HttpRequestException) for an answer, the others for none.
            var what = PublishException.IsRegistryUnavailable(e) ? "Schema Registry unreachable" : "Schema Registry refused the request";
            throw new PublishException(mlEvent.EventId, mlEvent.Payload.TypeName, key, PublishFailure.SchemaRegistry,
                $"{what} ({e.Message}); nothing was sent", innerException: e);
        }
        catch (Exception e) when (e is Avro.AvroException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new PublishException(mlEvent.EventId, mlEvent.Payload.TypeName, key, PublishFailure.Serialization,
                $"cannot encode with the registry's schema ({e.Message}); nothing was sent", innerException: e);
        }
    }

    public async Task FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Delivery reports are served by Confluent's background poll thread; waiting for the sends is the flush.
        var pending = _inFlight.Values.Select(entry => entry.Done.Task).ToList();
        try
        {
            await Task.WhenAll(pending).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The bound ran out: report below what is still in flight.
        }
        var left = _inFlight.Values.Select(entry => entry.EventId).ToList();
        if (left.Count > 0)
        {
            throw new UndeliveredEventsException(left, timeout);
        }
    }

    /// <summary>
    /// Flushes within FlushTimeout, then fails what is left (each send throws a <see cref="PublishException"/>, which
    /// the publisher reports) and waits, bounded, for those failures before the producer goes. Never throws.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await FlushAsync(_flushTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (UndeliveredEventsException)
        {
            // Reported event by event: each of their sends fails below.
        }
        await _abandon.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Values.Select(entry => entry.Done.Task)).WaitAsync(SettleBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A send stuck in the registry past its own timeout; it fails on the disposed producer.
        }
        _producer.Dispose();
        _registry.Dispose();
    }

    public async Task CheckConnectivityAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await KafkaConnectivity.CheckAsync(ProducerConfigFor(_options), _topic, timeout, cancellationToken).ConfigureAwait(false);
        try
        {
            await _registry.GetAllSubjectsAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = e is TimeoutException ? $"no answer within {timeout.TotalSeconds:0.###} s" : e.Message;
            throw new ConnectivityException("Schema Registry", _options.SchemaRegistry.Url, reason, innerException: e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka: {Code}: {Reason} (fatal: {IsFatal})")]
    private static partial void LogBrokerError(ILogger logger, ErrorCode code, string reason, bool isFatal);

    [LoggerMessage(Level = LogLevel.Debug, Message = "librdkafka {Name} {Facility}: {Message}")]
    private static partial void LogLibrdkafka(ILogger logger, string name, string facility, string message);

    private sealed class InFlight(string eventId)
    {
        public string EventId { get; } = eventId;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"KafkaEventSink({_topic}, {_inFlight.Count} in flight)");
}
