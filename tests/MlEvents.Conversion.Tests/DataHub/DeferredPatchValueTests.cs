using System.Text;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>
/// Typed patch values are written straight into the body instead of through a <see cref="JsonNode"/>; the bytes must
/// be exactly those of the node path (<see cref="AspectJson.ToNode{T}"/>), including escaping of awkward strings.
/// </summary>
public sealed class DeferredPatchValueTests
{
    public static TheoryData<string> AwkwardStrings => new()
    {
        "plain",
        "quote \" backslash \\ slash /",
        "html <b>&amp;</b> 'x' +1",
        "unicode é ü 中文 😀",
        "controls \t\n\r\b\f \u0001 \u001f",
        "separators \u2028 \u2029 del \u007f",
    };

    [Theory]
    [MemberData(nameof(AwkwardStrings))]
    public void Typed_values_give_the_bytes_of_the_node_path(string text)
    {
        var metric = new MlMetric { Name = text, Value = "1e-05" };
        var param = new MlHyperParam { Name = "p", Value = text };
        var edge = new Edge { DestinationUrn = "urn:li:dataset:(urn:li:dataPlatform:s3," + text + ",PROD)" };

        var typed = new GenericJsonPatchBuilder()
            .PutKeyed("trainingMetrics", "name", text, metric)
            .PutKeyed("hyperParams", "name", "p", param)
            .SetField("edge", edge)
            .SetField("id", text)
            .Build();
        var viaNodes = new GenericJsonPatchBuilder()
            .KeyArray("trainingMetrics", "name")
            .KeyArray("hyperParams", "name")
            .Add(["trainingMetrics", text], AspectJson.ToNode(metric))
            .Add(["hyperParams", "p"], AspectJson.ToNode(param))
            .Add(["edge"], AspectJson.ToNode(edge))
            .Add(["id"], AspectJson.ToNode(text))
            .Build();

        Assert.Equal(Encoding.UTF8.GetString(viaNodes.ToUtf8Json()), Encoding.UTF8.GetString(typed.ToUtf8Json()));
    }

    [Fact]
    public void Value_is_available_as_a_node_and_writing_after_reading_it_gives_the_same_bytes()
    {
        var patch = new GenericJsonPatchBuilder()
            .PutKeyed("trainingMetrics", "name", "acc", new MlMetric { Name = "acc", Value = "0.9" })
            .Build();
        var before = patch.ToUtf8Json();

        var value = Assert.IsAssignableFrom<JsonObject>(patch.Patch[0].Value);
        Assert.Equal("acc", value["name"]!.GetValue<string>());
        Assert.Same(value, patch.Patch[0].Value);
        Assert.Equal(before, patch.ToUtf8Json());
    }

    [Fact]
    public void Writing_a_patch_repeatedly_and_concurrently_gives_identical_bytes()
    {
        var patch = new GenericJsonPatchBuilder()
            .PutKeyed("hyperParams", "name", "lr", new MlHyperParam { Name = "lr", Value = "0.01" })
            .Build();
        var expected = patch.ToUtf8Json();

        var results = new byte[64][];
        Parallel.For(0, results.Length, i => results[i] = i % 2 == 0 ? patch.ToUtf8Json() : Touch(patch));

        Assert.All(results, bytes => Assert.Equal(expected, bytes));
    }

    [Fact]
    public void Bodies_written_one_after_another_on_a_reused_buffer_do_not_bleed_into_each_other()
    {
        // Patch bodies share a per-thread buffer: a large body, then a small one, then a failing one, then the small again.
        var small = new GenericJsonPatchBuilder().SetMapEntry("customProperties", "k", "v").Build();
        var smallBytes = small.ToUtf8Json();
        var large = new GenericJsonPatchBuilder();
        for (var i = 0; i < 3000; i++)
        {
            large.PutKeyed("trainingMetrics", "name", $"metric_{i}", new MlMetric { Name = $"metric_{i}", Value = "0.5" });
        }

        var largeBytes = large.Build().ToUtf8Json();
        Assert.True(largeBytes.Length > 100_000);
        Assert.Equal("{\"arrayPrimaryKeys\":{},\"patch\":[{\"op\":\"add\",\"path\":\"/customProperties/k\",\"value\":\"v\"}],\"forceGenericPatch\":true}",
            Encoding.UTF8.GetString(smallBytes));
        Assert.Equal(smallBytes, small.ToUtf8Json());
        Assert.Equal(largeBytes, large.Build().ToUtf8Json());
        Assert.ThrowsAny<Exception>(() => PatchOperation.ToUtf8JsonArray([new PatchOperation(PatchOp.Add, "/x", JsonNode.Parse("[1]")), null!]));
        Assert.Equal(smallBytes, small.ToUtf8Json());
        Assert.Equal("[{\"op\":\"remove\",\"path\":\"/a\"}]", Encoding.UTF8.GetString(PatchOperation.ToUtf8JsonArray([PatchOperation.Remove("/a")])));
    }

    private static byte[] Touch(GenericJsonPatch patch)
    {
        _ = patch.Patch[0].Value;
        return patch.ToUtf8Json();
    }

    [Fact]
    public void A_null_typed_value_is_refused_as_before()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => new GenericJsonPatchBuilder().SetField<string?>("x", null));
    }
}
