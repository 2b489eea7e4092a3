using MlEvents.DataHub.Aspects;

namespace MlEvents.Conversion.Mapping;

/// <summary>
/// MLflow stages as DataHub tags, as DataHub's MLflow source makes them: <c>urn:li:tag:mlflow_&lt;stage lower&gt;</c> with
/// tagProperties {name, description "&lt;Stage&gt; Stage for an ML model in MLflow Model Registry", colorHex}.
/// </summary>
internal static class StageTags
{
    private static readonly Dictionary<string, (string Name, string Color)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Production"] = ("Production", "#308613"),
        ["Staging"] = ("Staging", "#FACB66"),
        ["Archived"] = ("Archived", "#5D7283"),
        ["None"] = ("None", "#F2F4F5"),
    };

    public static string TagName(string stage) => "mlflow_" + stage.ToLowerInvariant();

    /// <summary>Writes the stage's tag entity and the model's globalTags; returns the tag URN.</summary>
    public static void Write(EventContext context, string modelUrn, string stage, string field)
    {
        var name = TagName(stage);
        var tagUrn = EntityUrns.Tag(name, field);
        var (displayStage, color) = Known.TryGetValue(stage, out var known) ? known : (stage, (string?)null);
        context.Upsert(tagUrn, new TagProperties
        {
            Name = name,
            Description = $"{displayStage} Stage for an ML model in MLflow Model Registry",
            ColorHex = color,
        });
        context.Upsert(modelUrn, new GlobalTags { Tags = [new TagAssociation { Tag = tagUrn }] });
    }
}
