using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;
using MlEvents.DataHub.Urns;

namespace MlEvents.Conversion.Mapping;

/// <summary>
/// MLflow stages as DataHub tags, as DataHub's MLflow source makes them: <c>urn:li:tag:mlflow_&lt;stage lower&gt;</c> with
/// tagProperties {name, description "&lt;Stage&gt; Stage for an ML model in MLflow Model Registry", colorHex}.
/// </summary>
internal static class StageTags
{
    private const string Prefix = "mlflow_";

    private static readonly Dictionary<string, (string Name, string Color)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Production"] = ("Production", "#308613"),
        ["Staging"] = ("Staging", "#FACB66"),
        ["Archived"] = ("Archived", "#5D7283"),
        ["None"] = ("None", "#F2F4F5"),
    };

    /// <summary>The tags of MLflow's own stages, the ones a stage change can take off without reading the aspect.</summary>
    private static readonly string[] KnownTagUrns =
        [.. Known.Keys.Select(stage => DataHubUrns.Tag(TagName(stage))).Order(StringComparer.Ordinal)];

    public static string TagName(string stage) => Prefix + stage.ToLowerInvariant();

    /// <summary>Writes the stage's tag entity and puts the tag on the model version.</summary>
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
        context.Upsert(tagUrn, new Status { Removed = false });

        // globalTags also holds tags people add in DataHub's UI: take off only the other MLflow stage tags. globalTags has a
        // patch template in every DataHub release (GlobalTagsTemplate keys tags by tag URN; its default is {tags: []}), so
        // this RFC 6902 PATCH, the body Python's MetadataPatchProposal sends, is applied in every write mode. Removing an
        // absent tag succeeds (TemplateUtil.populateTopLevelKeys creates the key first).
        var operations = new List<PatchOperation>(KnownTagUrns.Length + 1);
        foreach (var other in KnownTagUrns.Where(u => u != tagUrn))
        {
            operations.Add(PatchOperation.Remove(JsonPointer.Build(["tags", other])));
        }

        operations.Add(PatchOperation.Add(JsonPointer.Build(["tags", tagUrn]), AspectJson.ToNode(new TagAssociation { Tag = tagUrn })));
        context.TemplatePatch(modelUrn, GlobalTags.AspectName, operations);
    }
}
