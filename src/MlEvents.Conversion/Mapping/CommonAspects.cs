using MlEvents.DataHub.Aspects;

namespace MlEvents.Conversion.Mapping;

/// <summary>The identity aspects every entity of ours gets, as DataHub's SDK writes them.</summary>
internal static class CommonAspects
{
    public static void Write(EventContext context, string urn, string? subType)
    {
        if (subType is not null)
        {
            context.Upsert(urn, new SubTypes { TypeNames = [subType] });
        }

        context.Upsert(urn, new DataPlatformInstance { Platform = context.Urns.Platform });
        context.Upsert(urn, new Status { Removed = false });
    }
}
