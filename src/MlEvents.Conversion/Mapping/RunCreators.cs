using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Mapping;

/// <summary>
/// Who created a run, as DataHub's MLflow source names it: for platform <c>mlflow</c> a platformResource user
/// <c>urn:li:platformResource:&lt;guid {"platform":"mlflow","user":&lt;user id&gt;}&gt;</c> with platformResourceInfo
/// {resourceType "user", primaryKey user id}, the user id being the event's actor (a name or a corpuser URN's id) or
/// <c>mlflow</c> when the event names none (the source's fallback for runs without user). Other platforms: the actor.
/// </summary>
internal static class RunCreators
{
    public const string MlflowPlatform = "mlflow";
    private const string CorpUserPrefix = "urn:li:corpuser:";

    public static string Write(EventContext context)
    {
        if (!string.Equals(context.Event.Platform, MlflowPlatform, StringComparison.Ordinal))
        {
            return context.Actor;
        }

        var user = context.Event.Actor switch
        {
            null => MlflowPlatform,
            var a when a.StartsWith(CorpUserPrefix, StringComparison.Ordinal) => a[CorpUserPrefix.Length..],
            var a when a.StartsWith(DataHubUrns.Prefix, StringComparison.Ordinal) => null, // a group, an app...: named as given
            var a => a,
        };
        if (user is null)
        {
            return context.Actor;
        }

        var urn = DataHubUrns.PlatformResource(DataHubGuid.ForPlatformUser(MlflowPlatform, user));
        context.Upsert(urn, new PlatformResourceInfo { ResourceType = "user", PrimaryKey = user });
        context.Upsert(urn, new Status { Removed = false });
        return urn;
    }
}
