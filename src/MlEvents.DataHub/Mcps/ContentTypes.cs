namespace MlEvents.DataHub.Mcps;

/// <summary><c>GenericAspect.contentType</c> values (<c>emitter/aspect.py</c>).</summary>
public static class ContentTypes
{
    public const string Json = "application/json";
    public const string JsonPatch = "application/json-patch+json";
}
