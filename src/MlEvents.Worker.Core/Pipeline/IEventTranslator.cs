using Confluent.Kafka;

namespace MlEvents.Worker.Pipeline;

/// <summary>
/// Turns one input record into the records to produce to the MCP topic. The pipeline does not know what the bytes mean.
/// Called concurrently for different partitions (sequentially within one partition): implementations must be thread-safe.
/// </summary>
public interface IEventTranslator
{
    /// <summary>
    /// Decode, validate and convert one input record.
    /// Return <see cref="TranslationResult.Poison"/> for permanent problems (bad bytes, invalid event, conversion error);
    /// throw for transient problems (registry unreachable, ...): the pipeline retries with backoff and pauses the partition,
    /// it never dead-letters those. Which exceptions count as transient is decided by <see cref="ITransientErrorClassifier"/>.
    /// </summary>
    ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken);
}
