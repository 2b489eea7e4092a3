using System.Text.Json.Nodes;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.DataHub;

public sealed class McpJsonFileTests
{
    [Fact]
    public void Written_file_reads_back_to_the_same_mcps()
    {
        var mcps = SampleMcps.All();
        var back = McpJsonFile.Read(McpJsonFile.Write(mcps));
        Assert.Equal(mcps.Count, back.Count);
        foreach (var (expected, actual) in mcps.Zip(back))
        {
            Assert.Equal((expected.EntityUrn, expected.ChangeType, expected.AspectName, expected.ContentType), (actual.EntityUrn, actual.ChangeType, actual.AspectName, actual.ContentType));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.AspectJson), JsonNode.Parse(actual.AspectJson)));
            Assert.Equal(expected.SystemMetadata, actual.SystemMetadata);
        }
    }

    [Fact]
    public void Reads_DataHub_golden_entries_including_patches_and_raw_aspects()
    {
        // Shapes from DataHub's file sink (_to_obj_for_file): simplified {json: ...} for both content types,
        // and the non-simplified {value, contentType} form.
        var mcps = McpJsonFile.Read("""
            [
            {"entityType": "mlModel", "entityUrn": "urn:li:mlModel:(urn:li:dataPlatform:mlflow,test-model_1,PROD)", "changeType": "UPSERT",
             "aspectName": "status", "aspect": {"json": {"removed": false}},
             "systemMetadata": {"lastObserved": 1615443388097, "runId": "mlflow-source-test", "lastRunId": "no-run-id-provided"}},
            {"entityType": "dataset", "entityUrn": "urn:li:dataset:(urn:li:dataPlatform:hive,t,PROD)", "changeType": "PATCH",
             "aspectName": "globalTags", "aspect": {"json": [{"op": "add", "path": "/tags/urn:li:tag:x", "value": {"tag": "urn:li:tag:x"}}]}},
            {"entityType": "tag", "entityUrn": "urn:li:tag:x", "changeType": "UPSERT", "aspectName": "tagProperties",
             "aspect": {"value": "{\"name\": \"x\"}", "contentType": "application/json"}}
            ]
            """);
        Assert.Equal(3, mcps.Count);
        Assert.Equal("mlflow-source-test", mcps[0].SystemMetadata!.RunId);
        Assert.Equal(1615443388097, mcps[0].SystemMetadata!.LastObserved);
        Assert.Equal((ChangeType.Patch, ContentTypes.JsonPatch), (mcps[1].ChangeType, mcps[1].ContentType));
        Assert.IsType<JsonArray>(JsonNode.Parse(mcps[1].AspectJson));
        Assert.Equal("""{"name": "x"}""", mcps[2].AspectJson);
    }

    [Fact]
    public void Output_is_stable_and_indented_like_DataHub_golden_files()
    {
        var text = McpJsonFile.Write([SampleMcps.All()[0]]);
        Assert.Equal(text, McpJsonFile.Write([SampleMcps.All()[0]]));
        Assert.StartsWith("[\n{\n    \"entityType\": \"tag\",\n    \"entityUrn\": \"urn:li:tag:mlflow_production\",", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n]", text, StringComparison.Ordinal);
        Assert.Equal("[\n\n]", McpJsonFile.Write([]));
    }
}
