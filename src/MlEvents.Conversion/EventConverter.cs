using MlEvents.Contracts;
using MlEvents.Conversion.Mapping;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Conversion;

/// <summary>
/// Turns one <see cref="MlEvent"/> into the DataHub MCPs that state its facts (docs/MAPPING.md). Pure and deterministic:
/// identical events give byte-identical MCPs in the same order; the clock is never read. Thread-safe (immutable).
/// </summary>
public sealed class EventConverter
{
    public EventConverter(ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        Options = options;
    }

    public ConversionOptions Options { get; }

    /// <exception cref="EventValidationException">The event breaks the rules of <see cref="MlEventValidator"/>.</exception>
    /// <exception cref="ConversionException">The event is valid but cannot be expressed in DataHub (e.g. a URN too long).</exception>
    public IReadOnlyList<MetadataChangeProposal> Convert(MlEvent mlEvent)
    {
        ArgumentNullException.ThrowIfNull(mlEvent);
        MlEventValidator.ThrowIfInvalid(mlEvent);
        var context = new EventContext(mlEvent, Options);
        switch (mlEvent.Payload)
        {
            case ExperimentUpserted p:
                ExperimentMapping.Map(context, p);
                break;
            case RunStarted p:
                RunMapping.MapStarted(context, p);
                break;
            case RunUpdated p:
                RunMapping.MapUpdated(context, p);
                break;
            case RunFinished p:
                RunMapping.MapFinished(context, p);
                break;
            case ModelGroupUpserted p:
                ModelGroupMapping.Map(context, p);
                break;
            case ModelRegistered p:
                ModelMapping.MapRegistered(context, p);
                break;
            case ModelStageChanged p:
                ModelMapping.MapStageChanged(context, p);
                break;
            case ModelAliasesChanged p:
                ModelMapping.MapAliasesChanged(context, p);
                break;
            default:
                throw new ConversionException("type", $"no mapping for payload type {mlEvent.Payload.GetType().Name}");
        }

        return context.Mcps;
    }
}
