using Confluent.Kafka;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.EndToEnd;

/// <summary>Wraps the real translator: counts translations and optionally slows each one down (to stop a worker mid-stream).</summary>
public sealed class CountingTranslator(IEventTranslator inner, TimeSpan delayPerEvent = default) : IEventTranslator
{
    private int _translated;

    public int Translated => Volatile.Read(ref _translated);

    public async ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken)
    {
        if (delayPerEvent > TimeSpan.Zero)
        {
            await Task.Delay(delayPerEvent, cancellationToken);
        }

        var result = await inner.TranslateAsync(input, cancellationToken);
        Interlocked.Increment(ref _translated);
        return result;
    }
}
