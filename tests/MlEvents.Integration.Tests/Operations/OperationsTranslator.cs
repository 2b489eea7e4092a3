using MlEvents.Translation.Serdes;
using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>
/// Input value "EventType|aspectA,aspectB" → one record per aspect (labelled with it) and the event type, as the real
/// translator labels its results; "poison" → a Poison result (stage validate), "crash" → a permanent exception. With a registry client, every translation first asks the registry (uncached), so an
/// unreachable registry fails it with a transient <see cref="SchemaRegistryException"/>. <see cref="Hold"/> blocks
/// translations until <see cref="Release"/>, to build up lag on purpose.
/// </summary>
public sealed class OperationsTranslator(ISchemaRegistryClient? registry = null, string subject = OperationsTranslator.Subject) : IEventTranslator
{
    public const string Subject = "ops-events-value";

    private volatile TaskCompletionSource _gate = Open();

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        if (registry is not null)
        {
            try
            {
                await registry.GetSubjectVersionsAsync(subject).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (SchemaRegistryErrors.IsTransient(e))
            {
                throw new SchemaRegistryUnavailableException($"registry call failed: {e.Message}", e); // as the real translator does
            }
        }

        var key = input.Message.Key is null ? "" : Encoding.UTF8.GetString(input.Message.Key);
        var parts = (input.Message.Value is null ? "" : Encoding.UTF8.GetString(input.Message.Value)).Split('|');
        switch (parts[0])
        {
            case "poison":
                return TranslationResult.Poison("validate", $"field runId of event {key} is missing");
            case "crash":
                throw new InvalidOperationException($"conversion of event {key} failed");
        }

        var aspects = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var records = aspects
            .Select(aspect => new OutgoingRecord($"urn:li:test:{key}", Encoding.UTF8.GetBytes($"{key}#{aspect}"), aspect))
            .ToList();
        return TranslationResult.Success(records, parts[0]);
    }

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }
}

/// <summary>Registry failures are transient (the default classifier already says so; kept as the tests' explicit choice).</summary>
public sealed class RegistryAwareClassifier : DefaultTransientErrorClassifier
{
    public override bool IsTransient(Exception exception) => SchemaRegistryErrors.IsTransient(exception) || base.IsTransient(exception);
}
