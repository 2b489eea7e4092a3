using System.Text;
using Confluent.Kafka;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Rest;

/// <summary>
/// The real translator, plus for one event an MCP GMS refuses: <c>dataProcessInstanceProperties</c> without its required
/// <c>name</c> and <c>created</c> (GMS: 422, a <c>ValidationException</c>). The event's other MCPs are valid.
/// </summary>
public sealed class RefusingTranslator(IEventTranslator inner, string refusedEventId) : IEventTranslator
{
    public async ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken)
    {
        var result = await inner.TranslateAsync(input, cancellationToken);
        if (result is not TranslationResult.Translated { EventId: { } eventId } translated || eventId != refusedEventId)
        {
            return result;
        }

        var urn = translated.Records[0].Key;
        var invalid = new MetadataChangeProposal
        {
            EntityType = "dataProcessInstance",
            EntityUrn = urn,
            ChangeType = ChangeType.Upsert,
            AspectName = "dataProcessInstanceProperties",
            AspectValue = Encoding.UTF8.GetBytes("""{"customProperties":{}}"""),
            ContentType = ContentTypes.Json,
        };
        return TranslationResult.Success(
            [.. translated.Records, new OutgoingRecord(urn, McpRestJson.Proposal(invalid), invalid.AspectName)], translated.EventType, translated.EventId);
    }
}
