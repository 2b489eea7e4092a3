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
            Properties = Values.SortedMap(new Dictionary<string, string>(3, StringComparer.Ordinal)
            {
                [SystemMetadataProperties.EventId] = mlEvent.EventId,
                [SystemMetadataProperties.EventType] = mlEvent.Payload.TypeName,
                [SystemMetadataProperties.Producer] = SystemMetadataProperties.ProducerValue,
            }),
        };
    }

    public MlEvent Event { get; }

    public ConversionOptions Options { get; }

    public EntityUrns Urns { get; }

    /// <summary>The actor URN of stamps: the event's actor, or <see cref="ConversionOptions.DefaultActor"/>.</summary>
    public string Actor { get; }

    public SystemMetadata SystemMetadata { get; }

    /// <summary>Generic PATCHes on template-less aspects are allowed (opt-in <see cref="WriteMode.GenericPatch"/>).</summary>
    public bool GenericPatchMode => Options.WriteMode == WriteMode.GenericPatch;

    public long EventTime => Event.EventTime;

    /// <summary>
    /// The actor URN when the event names one, else null: optional stamps (TimeStamp) then carry no actor, as DataHub's
    /// MLflow source writes them, instead of <see cref="ConversionOptions.DefaultActor"/>.
    /// </summary>
    public string? NamedActor => Event.Actor is null ? null : Actor;

    public IReadOnlyList<MetadataChangeProposal> Mcps => _mcps;

    public void Upsert<T>(string urn, T aspect) where T : IAspect<T> =>
        _mcps.Add(Mcp.Upsert(urn, aspect, SystemMetadata));

    /// <summary>A generic PATCH (<c>forceGenericPatch</c>): only in <see cref="WriteMode.GenericPatch"/>.</summary>
    public void GenericPatch(string urn, string aspectName, GenericJsonPatchBuilder patch)
    {
        if (!GenericPatchMode)
        {
            throw new InvalidOperationException($"Generic PATCH of {aspectName} in {Options.WriteMode} mode: every aspect has one owning event there.");
        }

        _mcps.Add(Mcp.Patch(urn, aspectName, patch.Build(), SystemMetadata));
    }

    /// <summary>A template PATCH (RFC 6902 array, as Python's MetadataPatchProposal): only for aspects with a patch template.</summary>
    public void TemplatePatch(string urn, string aspectName, IReadOnlyList<PatchOperation> operations)
    {
        if (!AspectNames.PatchTemplates.Contains(aspectName))
        {
            throw new InvalidOperationException($"{aspectName} has no patch template in DataHub: it cannot take a template PATCH.");
        }

        _mcps.Add(Mcp.Patch(urn, aspectName, operations, SystemMetadata));
    }

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
