using System.Net;
using System.Text.Json.Nodes;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Embedded.Gms;

/// <summary>The ingest actions of <see cref="EmbeddedGms"/>: what is applied, what is refused and how GMS answers.</summary>
public sealed class EmbeddedGmsIngestTests : IAsyncLifetime
{
    private const string Tag = "urn:li:tag:mlflow_production";
    private const string Container = "urn:li:container:c1";
    private const string Group = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,g,PROD)";
    private EmbeddedGms gms = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        gms = await EmbeddedGms.StartNewAsync();
        client = new HttpClient { BaseAddress = new Uri(gms.Url) };
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await gms.DisposeAsync();
    }

    [Fact]
    public async Task Config_answers_what_DataHubs_emitters_check_and_health_answers_200()
    {
        using var config = await client.GetAsync("/config");
        var body = await config.JsonBodyAsync();
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal("true", body["noCode"]!.GetValue<string>());
        Assert.Equal("v1.0.0", body["versions"]!["acryldata/datahub"]!["version"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Config_reports_the_configured_version()
    {
        await using var other = await EmbeddedGms.StartNewAsync(new EmbeddedGmsOptions { Version = "v1.2.0" });
        using var otherClient = new HttpClient { BaseAddress = new Uri(other.Url) };

        var body = await (await otherClient.GetAsync("/config")).JsonBodyAsync();

        Assert.Equal("v1.2.0", body["versions"]!["acryldata/datahub"]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upsert_is_applied_and_answered_with_the_rest_li_action_value()
    {
        using var response = await client.PostProposalAsync(GmsRequests.Upsert(Tag, "tagProperties", """{"name":"mlflow_production"}"""));
        var body = await response.JsonBodyAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"value":"success"}""", body.ToJsonString());
        Assert.Equal("""{"name":"mlflow_production"}""", gms.ReadStore(store => store.GetJson(Tag, "tagProperties")));
        Assert.Equal(1, gms.ProposalsApplied);
    }

    [Fact]
    public async Task A_patch_on_a_template_aspect_is_applied_over_the_stored_value()
    {
        using var upsert = await client.PostProposalAsync(GmsRequests.Upsert(Group, "globalTags", """{"tags":[{"tag":"urn:li:tag:a"}]}"""));
        using var patch = await client.PostProposalAsync(GmsRequests.Patch(Group, "globalTags",
            """[{"op":"add","path":"/tags/urn:li:tag:b","value":{"tag":"urn:li:tag:b"}},{"op":"remove","path":"/tags/urn:li:tag:a"}]"""));

        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("""{"tags":[{"tag":"urn:li:tag:b"}]}""", gms.ReadStore(store => store.GetJson(Group, "globalTags")));
    }

    [Fact]
    public async Task A_missing_required_field_is_refused_with_422_and_a_rest_li_error_naming_the_proposal()
    {
        var refused = GmsRequests.Upsert(Container, "containerProperties", """{"description":"no name"}""");

        using var response = await client.PostProposalAsync(refused);
        var body = await response.JsonBodyAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("X-RestLi-Error-Response").Single());
        Assert.Equal("com.linkedin.restli.server.RestLiServiceException", body["exceptionClass"]!.GetValue<string>());
        Assert.Equal(422, body["status"]!.GetValue<int>());
        var message = body["message"]!.GetValue<string>();
        Assert.Contains("containerProperties of urn:li:container:c1", message, StringComparison.Ordinal);
        Assert.Contains("ERROR :: /name :: field is required but not found and has no default value", message, StringComparison.Ordinal);
        Assert.StartsWith("com.linkedin.restli.server.RestLiServiceException [HTTP Status:422]", body["stackTrace"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(gms.ReadStore(store => store.Get(Container, "containerProperties")));
        var refusal = Assert.Single(gms.Refusals);
        Assert.Equal((422, refused.EntityUrn, refused.AspectName, 1), (refusal.Status, refusal.Proposal.EntityUrn, refusal.Proposal.AspectName, refusal.ProposalsInRequest));
    }

    [Fact]
    public async Task A_patch_on_an_aspect_without_template_is_refused_with_500_as_gms_answers_an_unsupported_operation()
    {
        using var response = await client.PostProposalAsync(GmsRequests.Patch(Container, "containerProperties",
            """[{"op":"add","path":"/name","value":"x"}]"""));
        var body = await response.JsonBodyAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(
            "java.lang.UnsupportedOperationException: Aspect: containerProperties does not currently support patch operations.",
            body["message"]!.GetValue<string>());
        Assert.Equal(0, gms.ProposalsApplied);
    }

    [Fact]
    public async Task A_batch_with_one_refused_proposal_applies_none_of_it()
    {
        using var seed = await client.PostProposalAsync(GmsRequests.Upsert(Tag, "tagProperties", """{"name":"before"}"""));
        var batch = new[]
        {
            GmsRequests.Upsert(Tag, "tagProperties", """{"name":"after"}"""),
            GmsRequests.Upsert(Group, "globalTags", """{"tags":[{"tag":"urn:li:tag:a"}]}"""),
            GmsRequests.Upsert(Container, "containerProperties", """{"description":"no name"}"""),
            GmsRequests.Upsert("urn:li:tag:other", "tagProperties", """{"name":"other"}"""),
        };

        using var refused = await client.PostBatchAsync(batch);
        var stateAfterRefusal = gms.Snapshot();
        using var accepted = await client.PostBatchAsync(batch.Where((_, i) => i != 2));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal([(Tag, "tagProperties")], stateAfterRefusal.Keys);
        Assert.Equal("""{"name":"before"}""", stateAfterRefusal[(Tag, "tagProperties")]);
        var refusal = Assert.Single(gms.Refusals);
        Assert.Equal((Container, 4), (refusal.Proposal.EntityUrn, refusal.ProposalsInRequest));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("""{"value":"success"}""", (await accepted.JsonBodyAsync()).ToJsonString());
        Assert.Equal("""{"name":"after"}""", gms.ReadStore(store => store.GetJson(Tag, "tagProperties")));
        Assert.Equal(1 + 3, gms.ProposalsApplied);
    }

    [Fact]
    public async Task A_refused_timeseries_point_in_a_batch_is_rolled_back_with_the_rest()
    {
        const string run = "urn:li:dataProcessInstance:r1";
        var batch = new[]
        {
            GmsRequests.Upsert(run, "dataProcessInstanceRunEvent", """{"timestampMillis":1,"status":"STARTED"}"""),
            GmsRequests.Patch(run, "dataProcessInstanceRunEvent", """[{"op":"add","path":"/status","value":"COMPLETE"}]"""),
        };

        using var response = await client.PostBatchAsync(batch);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Empty(gms.Snapshot());
    }

    public static TheoryData<string, string, string> Unreadable => new()
    {
        { "/aspects?action=ingestProposal", "{not json", "Cannot parse request entity" },
        { "/aspects?action=ingestProposal", """{"async":"false"}""", "ERROR :: /proposal :: field is required" },
        { "/aspects?action=ingestProposalBatch", """{"proposals":{}}""", "ERROR :: /proposals :: is not an array" },
        { "/aspects?action=ingestProposal", """{"proposal":{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"MERGE","aspectName":"tagProperties","aspect":{"value":"{}","contentType":"application/json"}}}""", "\"MERGE\" is not an enum symbol" },
        { "/aspects?action=ingestProposalBatch", """{"proposals":[{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"UPSERT","aspectName":"tagProperties"}]}""", "ERROR :: /proposals/0/aspect :: field is required" },
        { "/aspects?action=ingestProposal", """{"proposal":{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"UPSERT","aspectName":"tagProperties","aspect":{"value":"{\"name\":\"\u20ac\"}","contentType":"application/json"}}}""", "is not a valid string representation of bytes" },
        { "/aspects?action=ingestProposal", """{"proposal":{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"UPSERT","aspectName":"tagProperties","aspect":{"value":"{\"name\":","contentType":"application/json"}}}""", "Aspect tagProperties is not valid JSON" },
        { "/aspects?action=ingestProposal", """{"proposal":{"entityType":"tag","entityUrn":"urn:li:tag:t","changeType":"PATCH","aspectName":"globalTags","aspect":{"value":"{\"op\":1}","contentType":"application/json-patch+json"}}}""", "Invalid JSON Patch for globalTags" },
        { "/aspects?action=delete", "{}", "POST operation named delete not supported" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task Unreadable_requests_get_400_with_a_rest_li_error(string pathAndQuery, string body, string expectedMessagePart)
    {
        using var response = await client.PostRawAsync(pathAndQuery, body);
        var error = await response.JsonBodyAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, error["status"]!.GetValue<int>());
        Assert.Contains(expectedMessagePart, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(gms.Snapshot());
    }

    [Fact]
    public async Task Non_ascii_text_escaped_in_the_aspect_json_is_stored_as_text()
    {
        var body = new JsonObject
        {
            ["proposal"] = new JsonObject
            {
                ["entityType"] = "tag",
                ["entityUrn"] = Tag,
                ["changeType"] = "UPSERT",
                ["aspectName"] = "tagProperties",
                ["aspect"] = new JsonObject { ["value"] = """{"name":"caf\u00e9 \u20ac"}""", ["contentType"] = "application/json" },
            },
        };

        using var response = await client.PostRawAsync("/aspects?action=ingestProposal", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("café €", gms.ReadStore(store => store.Get(Tag, "tagProperties")!["name"]!.GetValue<string>()));
    }
}
