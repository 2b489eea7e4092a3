using Confluent.Kafka;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Translation;

/// <summary>
/// Creates the real translator on first use. The host constructs its hosted services (and so the pipeline and its
/// translator) before it validates options on start; building the translator there would read the options early and
/// report only the first invalid section, without the others.
/// </summary>
public sealed class DeferredEventTranslator(Func<IEventTranslator> create) : IEventTranslator
{
    private readonly Lazy<IEventTranslator> _translator = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    public ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken) =>
        _translator.Value.TranslateAsync(input, cancellationToken);
}
