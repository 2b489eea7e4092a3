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

        context.Upsert(urn, new MlModelProperties
        {
            Name = model.ModelName + context.Options.ModelVersionSeparator + model.Version,
            Description = model.Description,
            CustomProperties = Values.SortedMap(model.CustomProperties),
            ExternalUrl = model.ExternalUrl,
            Created = new TimeStamp { Time = model.CreatedAt ?? context.EventTime, Actor = context.Actor },
            LastModified = new TimeStamp { Time = model.LastModifiedAt ?? context.EventTime, Actor = context.Actor },
            Version = new VersionTag { Tag = model.Version },
            HyperParams = TrainingRun.HyperParamList(model.HyperParams),
            TrainingMetrics = TrainingRun.MetricList(model.TrainingMetrics),
            Tags = [.. model.Tags],
            Groups = groupUrn is null ? null : [groupUrn],
            TrainingJobs = runUrn is null ? null : [runUrn],
        });
        WriteVersionProperties(context, urn, model.ModelName, model.Version, model.Aliases);
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
        WriteVersionProperties(context, urn, change.ModelName, change.Version, change.Aliases);
    }

    private static void WriteVersionProperties(EventContext context, string urn, string modelName, string version, IReadOnlyList<string> aliases) =>
        context.Upsert(urn, new VersionProperties
        {
            VersionSet = context.Urns.VersionSet(modelName, "payload.modelName"),
            Version = new VersionTag { Tag = version },
            SortId = Values.SortId(version),
            Aliases = [.. aliases.Select(a => new VersionTag { Tag = a })],
        });
}
