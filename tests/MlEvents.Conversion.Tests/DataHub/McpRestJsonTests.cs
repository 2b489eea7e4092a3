using System.Text;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.DataHub;

/// <summary>
/// The proposal JSON of the REST sink, byte for byte what DataHub's Python REST emitter posts for the same MCP:
/// <c>json.dumps(pre_json_transform(mcp.to_obj()))</c> (expected texts produced by CPython's json.dumps from the objects
/// <c>to_obj()</c> gives: schema field order, None dropped, SystemMetadata defaults filled, ASCII escapes).
/// </summary>
public sealed class McpRestJsonTests
{
    public const string UpsertAspect = "{\"name\":\"mlflow_production\",\"description\":\"Stage \\u00e9t\\u00e9 \\ud83d\\ude80 \\\"quoted\\\"\\n\\ttab\",\"colorHex\":\"#308613\"}";

    public const string ExpectedUpsert = """
        {"entityType": "tag", "entityUrn": "urn:li:tag:mlflow_production", "changeType": "UPSERT", "aspectName": "tagProperties", "aspect": {"value": "{\"name\":\"mlflow_production\",\"description\":\"Stage \\u00e9t\\u00e9 \\ud83d\\ude80 \\\"quoted\\\"\\n\\ttab\",\"colorHex\":\"#308613\"}", "contentType": "application/json"}, "systemMetadata": {"lastObserved": 1700000000000, "runId": "no-run-id-provided", "lastRunId": "no-run-id-provided", "properties": {"eventId": "evt-\u00e9-1", "eventType": "RunStarted", "producer": "mlevents"}}}
        """;

    public const string ExpectedPatch = """
        {"entityType": "mlModelGroup", "entityUrn": "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,m,PROD)", "changeType": "PATCH", "aspectName": "globalTags", "aspect": {"value": "[{\"op\":\"add\",\"path\":\"/tags/urn:li:tag:x\",\"value\":{\"tag\":\"urn:li:tag:x\"}}]", "contentType": "application/json-patch+json"}, "systemMetadata": {"lastObserved": 0, "runId": "run-1", "pipelineName": "p", "lastRunId": "no-run-id-provided"}}
        """;

    public static MetadataChangeProposal Upsert() => new()
    {
        EntityType = "tag",
        EntityUrn = "urn:li:tag:mlflow_production",
        ChangeType = ChangeType.Upsert,
        AspectName = "tagProperties",
        AspectValue = Encoding.UTF8.GetBytes(UpsertAspect),
        ContentType = ContentTypes.Json,
        SystemMetadata = new SystemMetadata
        {
            LastObserved = 1_700_000_000_000,
            Properties = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["eventId"] = "evt-é-1", ["eventType"] = "RunStarted", ["producer"] = "mlevents" },
        },
    };

    public static MetadataChangeProposal Patch() => new()
    {
        EntityType = "mlModelGroup",
        EntityUrn = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,m,PROD)",
        ChangeType = ChangeType.Patch,
        AspectName = "globalTags",
        AspectValue = Encoding.UTF8.GetBytes("""[{"op":"add","path":"/tags/urn:li:tag:x","value":{"tag":"urn:li:tag:x"}}]"""),
        ContentType = ContentTypes.JsonPatch,
        SystemMetadata = new SystemMetadata { RunId = "run-1", PipelineName = "p" },
    };

    [Fact]
    public void An_upsert_is_written_as_the_Python_emitter_writes_it() =>
        Assert.Equal(ExpectedUpsert, Encoding.UTF8.GetString(McpRestJson.Proposal(Upsert())));

    [Fact]
    public void A_patch_with_run_and_pipeline_is_written_as_the_Python_emitter_writes_it() =>
        Assert.Equal(ExpectedPatch, Encoding.UTF8.GetString(McpRestJson.Proposal(Patch())));

    [Fact]
    public void Raw_UTF8_aspect_bytes_travel_as_Restli_bytes_one_character_per_byte_so_GMS_gets_the_Kafka_sinks_bytes()
    {
        var raw = Upsert() with { AspectValue = Encoding.UTF8.GetBytes("""{"name":"été 🚀"}""") };

        var text = Encoding.ASCII.GetString(McpRestJson.Proposal(raw));

        // CPython: json.dumps('{"name":"été 🚀"}'.encode('utf-8').decode('latin-1'))
        Assert.Contains("""
            "aspect": {"value": "{\"name\":\"\u00c3\u00a9t\u00c3\u00a9 \u00f0\u009f\u009a\u0080\"}", "contentType": "application/json"}
            """, text, StringComparison.Ordinal);
        Assert.Equal(raw.AspectValue.ToArray(), McpRestJson.ReadProposal(JsonNode.Parse(text)!.AsObject()).AspectValue.ToArray());
    }

    [Fact]
    public void The_proposal_is_pure_ASCII_and_reads_back_into_the_same_MCP()
    {
        var bytes = McpRestJson.Proposal(Upsert());
        Assert.All(bytes, b => Assert.True(b < 0x80));

        var read = McpRestJson.ReadProposal(JsonNode.Parse(bytes)!.AsObject());
        Assert.Equal(UpsertAspect, read.AspectJson);
        Assert.Equal(Upsert().EntityUrn, read.EntityUrn);
        Assert.Equal(ContentTypes.Json, read.ContentType);
        Assert.Equal("evt-é-1", read.SystemMetadata!.Properties!["eventId"]);
        Assert.Equal(McpRestJson.DefaultRunId, read.SystemMetadata.RunId);
    }
}
