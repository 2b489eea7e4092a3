using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;
using MlEvents.DataHub.Urns;

namespace MlEvents.DataHub.Mcps;

/// <summary>Factories for MCPs; the entity type is derived from the URN.</summary>
public static class Mcp
{
    /// <summary>UPSERT of a full aspect.</summary>
    public static MetadataChangeProposal Upsert<T>(string entityUrn, T aspect, SystemMetadata? systemMetadata = null)
        where T : IAspect<T>
    {
        ArgumentNullException.ThrowIfNull(aspect);
        return new MetadataChangeProposal
        {
            EntityType = DataHubUrns.EntityTypeOf(entityUrn),
            EntityUrn = entityUrn,
            ChangeType = ChangeType.Upsert,
            AspectName = T.AspectName,
            AspectValue = AspectJson.Serialize(aspect),
            ContentType = ContentTypes.Json,
            SystemMetadata = systemMetadata,
        };
    }

    /// <summary>
    /// PATCH with DataHub's generic body (<c>{"arrayPrimaryKeys", "patch", "forceGenericPatch"}</c>).
    /// Timeseries aspects are refused: DataHub accepts only UPSERT for them.
    /// </summary>
    public static MetadataChangeProposal Patch(string entityUrn, string aspectName, GenericJsonPatch patch, SystemMetadata? systemMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return PatchWithBody(entityUrn, aspectName, patch.ToUtf8Json(), systemMetadata);
    }

    /// <summary>PATCH with a plain RFC 6902 array (for aspects with a DataHub patch template, e.g. globalTags).</summary>
    public static MetadataChangeProposal Patch(string entityUrn, string aspectName, IReadOnlyList<PatchOperation> operations, SystemMetadata? systemMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return PatchWithBody(entityUrn, aspectName, PatchOperation.ToUtf8JsonArray(operations), systemMetadata);
    }

    private static MetadataChangeProposal PatchWithBody(string entityUrn, string aspectName, byte[] body, SystemMetadata? systemMetadata)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aspectName);
        if (AspectNames.Timeseries.Contains(aspectName))
        {
            throw new ArgumentException($"Timeseries aspect {aspectName} accepts only UPSERT in DataHub.", nameof(aspectName));
        }

        return new MetadataChangeProposal
        {
            EntityType = DataHubUrns.EntityTypeOf(entityUrn),
            EntityUrn = entityUrn,
            ChangeType = ChangeType.Patch,
            AspectName = aspectName,
            AspectValue = body,
            ContentType = ContentTypes.JsonPatch,
            SystemMetadata = systemMetadata,
        };
    }
}
