using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Integration.Tests.Embedded.Gms;

/// <summary>
/// Requests as DataHub's REST emitters send them: each MCP in Rest.li JSON (<c>aspect: {value: "&lt;JSON string&gt;",
/// contentType}</c>), built from <see cref="McpJsonFile"/>'s writer (whose <c>aspect: {json: …}</c> becomes the string form).
/// </summary>
internal static class GmsRequests
{
    public static JsonObject RestLiJson(MetadataChangeProposal mcp)
    {
        var entry = (JsonObject)((JsonArray)JsonNode.Parse(McpJsonFile.Write([mcp]))!)[0]!.DeepClone();
        var aspect = (JsonObject)entry["aspect"]!;
        if (aspect["json"] is { } json)
        {
            // Default System.Text.Json escaping keeps the string ASCII, as Python's json.dumps does.
            entry["aspect"] = new JsonObject { ["value"] = json.ToJsonString(), ["contentType"] = mcp.ContentType };
        }

        return entry;
    }

    public static string ProposalBody(MetadataChangeProposal mcp) =>
        new JsonObject { ["proposal"] = RestLiJson(mcp), ["async"] = "false" }.ToJsonString();

    public static string BatchBody(IEnumerable<MetadataChangeProposal> mcps) =>
        new JsonObject { ["proposals"] = new JsonArray(mcps.Select(m => (JsonNode)RestLiJson(m)).ToArray()), ["async"] = "false" }.ToJsonString();

    public static Task<HttpResponseMessage> PostProposalAsync(this HttpClient client, MetadataChangeProposal mcp, string? token = null) =>
        client.PostRawAsync("/aspects?action=ingestProposal", ProposalBody(mcp), token);

    public static Task<HttpResponseMessage> PostBatchAsync(this HttpClient client, IEnumerable<MetadataChangeProposal> mcps, string? token = null) =>
        client.PostRawAsync("/aspects?action=ingestProposalBatch", BatchBody(mcps), token);

    public static async Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string pathAndQuery, string body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-RestLi-Protocol-Version", "2.0.0");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> JsonBodyAsync(this HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static MetadataChangeProposal Upsert(string urn, string aspectName, string json) => new()
    {
        EntityType = urn.Split(':')[2],
        EntityUrn = urn,
        ChangeType = ChangeType.Upsert,
        AspectName = aspectName,
        AspectValue = Encoding.UTF8.GetBytes(json),
        ContentType = ContentTypes.Json,
    };

    public static MetadataChangeProposal Patch(string urn, string aspectName, string body) => new()
    {
        EntityType = urn.Split(':')[2],
        EntityUrn = urn,
        ChangeType = ChangeType.Patch,
        AspectName = aspectName,
        AspectValue = Encoding.UTF8.GetBytes(body),
        ContentType = ContentTypes.JsonPatch,
    };
}
