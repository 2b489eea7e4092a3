using System.Text;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Tests.DataHub;

public sealed class PatchBodyTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a/b", "a~1b")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/", "~0~1")]
    [InlineData("~1", "~01")]
    public void Segments_are_escaped_like_MetadataPatchProposal_quote(string raw, string escaped)
    {
        Assert.Equal(escaped, JsonPointer.EscapeSegment(raw));
        Assert.Equal(raw, JsonPointer.UnescapeSegment(escaped));
    }

    [Fact]
    public void Pointer_build_and_parse_are_inverse()
    {
        var pointer = JsonPointer.Build("trainingJobs", "urn:li:dataset:(urn:li:dataPlatform:s3,bucket/a~b,PROD)");
        Assert.Equal("/trainingJobs/urn:li:dataset:(urn:li:dataPlatform:s3,bucket~1a~0b,PROD)", pointer);
        Assert.Equal(["trainingJobs", "urn:li:dataset:(urn:li:dataPlatform:s3,bucket/a~b,PROD)"], JsonPointer.Parse(pointer));
    }

    [Fact]
    public void Generic_body_has_DataHubs_field_names_and_order()
    {
        var patch = new GenericJsonPatchBuilder()
            .AddToStringSet("trainingJobs", "urn:li:dataProcessInstance:a/b")
            .PutKeyed("trainingMetrics", "name", "acc", new MlMetric { Name = "acc", Value = "0.9" })
            .Remove(["customProperties", "old"])
            .Build();

        // Same shape as Python GenericJsonPatch.to_dict(): arrayPrimaryKeys, patch, forceGenericPatch.
        Assert.Equal(
            """{"arrayPrimaryKeys":{"trainingJobs":[],"trainingMetrics":["name"]},"patch":[""" +
            """{"op":"add","path":"/trainingJobs/urn:li:dataProcessInstance:a~1b","value":"urn:li:dataProcessInstance:a/b"},""" +
            """{"op":"add","path":"/trainingMetrics/acc","value":{"name":"acc","value":"0.9"}},""" +
            """{"op":"remove","path":"/customProperties/old"}],"forceGenericPatch":true}""",
            Encoding.UTF8.GetString(patch.ToUtf8Json()));
    }

    [Fact]
    public void Generic_body_parses_back_including_the_python_null_value_on_remove()
    {
        var body = """{"arrayPrimaryKeys":{"tags":["tag"]},"patch":[{"op":"remove","path":"/tags/x","value":null},{"op":"ADD","path":"/a","value":1}],"forceGenericPatch":false}"""u8;
        var parsed = GenericJsonPatch.Parse(body);
        Assert.Equal(["tag"], parsed.ArrayPrimaryKeys["tags"]);
        Assert.Equal(PatchOp.Remove, parsed.Patch[0].Op);
        Assert.Equal(PatchOp.Add, parsed.Patch[1].Op);
        Assert.False(parsed.ForceGenericPatch);
        Assert.True(parsed.UsesGenericPath);
    }

    [Fact]
    public void Force_flag_is_omitted_when_false()
    {
        var body = new GenericJsonPatchBuilder().ForceGenericPatch(false).KeyArray("tags", "tag").Remove(["tags", "urn:li:tag:x"]).Build();
        Assert.Equal(
            """{"arrayPrimaryKeys":{"tags":["tag"]},"patch":[{"op":"remove","path":"/tags/urn:li:tag:x"}]}""",
            Encoding.UTF8.GetString(body.ToUtf8Json()));
    }

    [Fact]
    public void Array_form_parses_as_template_path()
    {
        var parsed = GenericJsonPatch.Parse("""[{"op":"add","path":"/tags/urn:li:tag:x","value":{"tag":"urn:li:tag:x"}}]"""u8);
        Assert.Empty(parsed.ArrayPrimaryKeys);
        Assert.False(parsed.UsesGenericPath);
        Assert.Throws<FormatException>(() => GenericJsonPatch.Parse("""[{"op":"move","path":"/a"}]"""u8));
    }

    [Fact]
    public void Patch_mcp_uses_the_json_patch_content_type_and_the_urn_entity_type()
    {
        var mcp = Mcp.Patch("urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,g,PROD)", MlModelGroupProperties.AspectName,
            new GenericJsonPatchBuilder().AddToStringSet("trainingJobs", "urn:li:dataProcessInstance:r").Build());
        Assert.Equal(ChangeType.Patch, mcp.ChangeType);
        Assert.Equal("mlModelGroup", mcp.EntityType);
        Assert.Equal(ContentTypes.JsonPatch, mcp.ContentType);
        Assert.Equal("forceGenericPatch", JsonNode.Parse(mcp.AspectJson)!.AsObject().Last().Key);
    }

    [Fact]
    public void Timeseries_aspects_cannot_be_patched() =>
        Assert.Throws<ArgumentException>(() => Mcp.Patch("urn:li:dataProcessInstance:r", DataProcessInstanceRunEvent.AspectName,
            [PatchOperation.Add("/status", JsonValue.Create("COMPLETE"))]));

    [Fact]
    public void Upsert_mcp_carries_aspect_name_entity_type_and_json()
    {
        var mcp = Mcp.Upsert("urn:li:tag:t", new TagProperties { Name = "t" });
        Assert.Equal(("tag", "tagProperties", ContentTypes.Json, """{"name":"t"}"""), (mcp.EntityType, mcp.AspectName, mcp.ContentType, mcp.AspectJson));
    }
}
