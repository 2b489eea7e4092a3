using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Patch;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Mapping;

/// <summary>Everything the mappings of one event share, and the MCPs they produce, in order.</summary>
internal sealed class EventContext
{
    private readonly List<MetadataChangeProposal> _mcps = [];

    public EventContext(MlEvent mlEvent, ConversionOptions options)
    {
        Event = mlEvent;
        Options = options;
        Urns = new EntityUrns(options, mlEvent.Platform, mlEvent.Environment);
        Actor = ResolveActor(mlEvent.Actor, options.DefaultActor);
        SystemMetadata = new SystemMetadata
        {
            LastObserved = mlEvent.EventTime,
            Properties = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["eventId"] = mlEvent.EventId,
                ["eventType"] = mlEvent.Payload.TypeName,
            },
        };
    }

    public MlEvent Event { get; }

    public ConversionOptions Options { get; }

    public EntityUrns Urns { get; }

    /// <summary>The actor URN of stamps: the event's actor, or <see cref="ConversionOptions.DefaultActor"/>.</summary>
    public string Actor { get; }

    public SystemMetadata SystemMetadata { get; }

    public bool PatchMode => Options.WriteMode == WriteMode.Patch;

    public long EventTime => Event.EventTime;

    public IReadOnlyList<MetadataChangeProposal> Mcps => _mcps;

    public void Upsert<T>(string urn, T aspect) where T : IAspect<T> =>
        _mcps.Add(Mcp.Upsert(urn, aspect, SystemMetadata));

    public void Patch(string urn, string aspectName, GenericJsonPatchBuilder patch) =>
        _mcps.Add(Mcp.Patch(urn, aspectName, patch.Build(), SystemMetadata));

    private static string ResolveActor(string? actor, string defaultActor)
    {
        if (actor is null)
        {
            return defaultActor;
        }

        if (!actor.StartsWith(DataHubUrns.Prefix, StringComparison.Ordinal))
        {
            return UrnGuard.Check(DataHubUrns.CorpUser(actor), "actor");
        }

        try
        {
            DataHubUrns.EntityTypeOf(actor);
        }
        catch (ArgumentException)
        {
            throw new ConversionException("actor", $"'{actor}' starts with '{DataHubUrns.Prefix}' but is not a URN with an entity type and a key (e.g. urn:li:corpuser:alice)");
        }

        return UrnGuard.Check(actor, "actor");
    }
}
