using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;

namespace MlEvents.Conversion.Mapping;

/// <summary>ExperimentUpserted → container (subType "ML Experiment"), as DataHub's MLflow source writes an experiment.</summary>
internal static class ExperimentMapping
{
    public const string SubType = "ML Experiment";

    /// <summary>customProperties the SDK's Container copies from the container key (ExperimentKey: platform, id).</summary>
    public const string KeyPlatformProperty = "platform";

    public const string KeyIdProperty = "id";

    public static void Map(EventContext context, ExperimentUpserted experiment)
    {
        var urn = context.Urns.Experiment(experiment.ExperimentId, "payload.experimentId");
        // As the SDK's Container: the key's properties (platform URN, id), then the experiment's own, which win.
        var customProperties = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [KeyPlatformProperty] = context.Urns.Platform,
            [KeyIdProperty] = experiment.ExperimentId,
        };
        foreach (var (key, value) in experiment.CustomProperties)
        {
            customProperties[key] = value;
        }

        // The MLflow source writes no creation or modification stamps: only those the event states are written.
        context.Upsert(urn, new ContainerProperties
        {
            Name = experiment.Name ?? experiment.ExperimentId,
            Description = experiment.Description,
            CustomProperties = customProperties,
            ExternalUrl = experiment.ExternalUrl,
            Created = experiment.CreatedAt is { } created ? new TimeStamp { Time = created, Actor = context.NamedActor } : null,
            LastModified = experiment.LastModifiedAt is { } modified ? new TimeStamp { Time = modified, Actor = context.NamedActor } : null,
        });
        CommonAspects.Write(context, urn, SubType);
        context.Upsert(urn, new BrowsePathsV2 { Path = [] });
    }
}
