using MlEvents.Contracts;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>ModelGroupUpserted → mlModelGroup.</summary>
internal static class ModelGroupMapping
{
    public const string TrainingJobs = "trainingJobs";

    /// <summary>MLModelGroupProperties has no externalUrl field (PDL): the URL goes into customProperties under this key.</summary>
    public const string ExternalUrlProperty = "externalUrl";

    public static void Map(EventContext context, ModelGroupUpserted group)
    {
        var urn = context.Urns.ModelGroup(group.GroupName, "payload.groupName");
        var runs = group.TrainingRunIds.Select((id, i) => context.Urns.Run(id, $"payload.trainingRunIds[{i}]")).ToList();
        var customProperties = new SortedDictionary<string, string>(group.CustomProperties.ToDictionary(), StringComparer.Ordinal);
        if (group.ExternalUrl is not null)
        {
            customProperties[ExternalUrlProperty] = group.ExternalUrl;
        }

        // As DataHub's MLflow source: stamps without actor; no name (the URN's name is the group name); the latest version
        // attributed to DataHub's actor at the modification time.
        var created = new TimeStamp { Time = group.CreatedAt ?? context.EventTime };
        var lastModified = new TimeStamp { Time = group.LastModifiedAt ?? context.EventTime };
        var version = group.LatestVersion is null ? null : new VersionTag
        {
            Tag = group.LatestVersion,
            MetadataAttribution = new MetadataAttribution { Time = lastModified.Time, Actor = context.Options.DefaultActor },
        };
        if (context.GenericPatchMode)
        {
            // Fields only this event owns are set whole; trainingJobs is shared with ModelRegistered, so it is keyed.
            var patch = new GenericJsonPatchBuilder()
                .KeyArray(TrainingJobs)
                .SetField("customProperties", (IReadOnlyDictionary<string, string>)customProperties)
                .SetField("created", created)
                .SetField("lastModified", lastModified);
            if (group.Description is not null)
            {
                patch.SetField("description", group.Description);
            }

            if (version is not null)
            {
                patch.SetField("version", version);
            }

            foreach (var run in runs)
            {
                patch.AddToStringSet(TrainingJobs, run);
            }

            context.GenericPatch(urn, MlModelGroupProperties.AspectName, patch);
        }
        else
        {
            // The only writer in Standard mode: trainingRunIds is cumulative; each version also names its group and run.
            context.Upsert(urn, new MlModelGroupProperties
            {
                Description = group.Description,
                CustomProperties = customProperties,
                Created = created,
                LastModified = lastModified,
                TrainingJobs = runs.Count > 0 ? runs : null,
                Version = version,
            });
        }

        CommonAspects.Write(context, urn, subType: null);
    }
}
