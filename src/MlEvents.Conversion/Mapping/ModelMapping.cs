using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>ModelRegistered / ModelStageChanged / ModelAliasesChanged → mlModel (one entity per model version).</summary>
internal static class ModelMapping
{
    public static void MapRegistered(EventContext context, ModelRegistered model)
    {
        var urn = context.Urns.Model(model.ModelName, model.Version, "payload.version");
        var groupUrn = model.GroupName is null ? null : context.Urns.ModelGroup(model.GroupName, "payload.groupName");
        var runUrn = model.RunId is null ? null : context.Urns.Run(model.RunId, "payload.runId");

        // As DataHub's MLflow source: no name (the URN's name is <model><sep><version>) and no version here (it is in
        // versionProperties); a version from a run carries the run's params and metrics, empty lists included;
        // trainingJobs always present; the creator only when the event names one; lastModified without actor.
        var fromRun = runUrn is not null;
        context.Upsert(urn, new MlModelProperties
        {
            Description = model.Description,
            CustomProperties = Values.SortedMap(model.CustomProperties),
            ExternalUrl = model.ExternalUrl,
            Created = new TimeStamp { Time = model.CreatedAt ?? context.EventTime, Actor = context.NamedActor },
            LastModified = new TimeStamp { Time = model.LastModifiedAt ?? context.EventTime },
            HyperParams = TrainingRun.HyperParamList(model.HyperParams) ?? (fromRun ? [] : null),
            TrainingMetrics = TrainingRun.MetricList(model.TrainingMetrics) ?? (fromRun ? [] : null),
            Tags = [.. model.Tags],
            Groups = groupUrn is null ? null : [groupUrn],
            TrainingJobs = runUrn is null ? [] : [runUrn],
        });
        WriteVersionProperties(context, urn, model.ModelName, model.Version, model.Aliases, model.CreatedAt ?? context.EventTime);
        if (model.Stage is not null)
        {
            StageTags.Write(context, urn, model.Stage, "payload.stage");
        }

        CommonAspects.Write(context, urn, subType: null);

        // The run and the group are other Kafka keys whose aspects their own events own: only a generic PATCH can add to
        // them without erasing what those wrote. In Standard mode mlModelProperties.trainingJobs/groups above carry the
        // same lineage from the model's side.
        if (context.GenericPatchMode)
        {
            if (groupUrn is not null && runUrn is not null)
            {
                context.GenericPatch(groupUrn, MlModelGroupProperties.AspectName,
                    new GenericJsonPatchBuilder().AddToStringSet(ModelGroupMapping.TrainingJobs, runUrn));
            }

            if (runUrn is not null)
            {
                context.GenericPatch(runUrn, DataProcessInstanceOutput.AspectName, RunOutputs.AddEdges([urn]));
            }
        }
    }

    public static void MapStageChanged(EventContext context, ModelStageChanged change)
    {
        var urn = context.Urns.Model(change.ModelName, change.Version, "payload.version");
        StageTags.Write(context, urn, change.Stage, "payload.stage");
    }

    public static void MapAliasesChanged(EventContext context, ModelAliasesChanged change)
    {
        var urn = context.Urns.Model(change.ModelName, change.Version, "payload.version");
        // The event does not carry the creation time: the attribution is dated by the change.
        WriteVersionProperties(context, urn, change.ModelName, change.Version, change.Aliases, context.EventTime);
    }

    private static void WriteVersionProperties(
        EventContext context, string urn, string modelName, string version, IReadOnlyList<string> aliases, long attributedAt) =>
        context.Upsert(urn, new VersionProperties
        {
            VersionSet = context.Urns.VersionSet(modelName, "payload.modelName"),
            Version = new VersionTag
            {
                Tag = version,
                MetadataAttribution = new MetadataAttribution { Time = attributedAt, Actor = context.Options.DefaultActor },
            },
            SortId = Values.SortId(version),
            Aliases = [.. aliases.Select(a => new VersionTag { Tag = a })],
        });
}
