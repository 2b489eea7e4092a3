using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;

namespace MlEvents.Conversion.Mapping;

/// <summary>ExperimentUpserted → container (subType "ML Experiment"), as DataHub's MLflow source writes an experiment.</summary>
internal static class ExperimentMapping
{
    public const string SubType = "ML Experiment";

    public static void Map(EventContext context, ExperimentUpserted experiment)
    {
        var urn = context.Urns.Experiment(experiment.ExperimentId, "payload.experimentId");
        context.Upsert(urn, new ContainerProperties
        {
            Name = experiment.Name ?? experiment.ExperimentId,
            Description = experiment.Description,
            CustomProperties = Values.SortedMap(experiment.CustomProperties),
            ExternalUrl = experiment.ExternalUrl,
            Created = new TimeStamp { Time = experiment.CreatedAt ?? context.EventTime, Actor = context.Actor },
            LastModified = new TimeStamp { Time = experiment.LastModifiedAt ?? context.EventTime, Actor = context.Actor },
        });
        CommonAspects.Write(context, urn, SubType);
        context.Upsert(urn, new BrowsePathsV2 { Path = [] });
    }
}
