using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Embedded;

/// <summary>GMS's routes that DataHub's REST emitters use: the Rest.li ingest actions, <c>/config</c> and <c>/health</c>.</summary>
internal static class GmsEndpoints
{
    public const string IngestProposal = "ingestProposal";
    public const string IngestProposalBatch = "ingestProposalBatch";

    /// <summary>What GMS's <c>ingestProposal</c> / <c>ingestProposalBatch</c> return (<c>Constants.RESTLI_SUCCESS</c>).</summary>
    public const string Success = "success";

    public static void Map(IEndpointRouteBuilder app, GmsStateStore state, EmbeddedGmsOptions options)
    {
        app.MapGet("/health", () => Results.Ok());
        app.MapGet("/config", () => RestLiResults.Json(200, Config(options.Version)));
        app.MapPost("/aspects", async (HttpRequest request) => await IngestAsync(request, state).ConfigureAwait(false));
    }

    private static async Task<IResult> IngestAsync(HttpRequest request, GmsStateStore state)
    {
        var action = request.Query["action"].ToString();
        var (parameter, isBatch) = action switch
        {
            IngestProposal => ("proposal", false),
            IngestProposalBatch => ("proposals", true),
            _ => ("", false),
        };
        if (parameter.Length == 0)
        {
            return RestLiResults.Error(400, $"POST operation named {action} not supported on resource 'com.linkedin.metadata.resources.entity.AspectResource' URI: '{request.Path}{request.QueryString}'");
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return RestLiResults.Error(400, $"Cannot parse request entity: {e.Message}");
        }

        using (body)
        {
            IReadOnlyList<MetadataChangeProposal> proposals;
            try
            {
                proposals = ReadProposals(body.RootElement, action, parameter, isBatch);
            }
            catch (FormatException e)
            {
                return RestLiResults.Error(400, e.Message);
            }

            if (state.Ingest(proposals) is { } refusal)
            {
                return RestLiResults.Error(refusal.Status, refusal.Message);
            }

            return RestLiResults.ActionValue(Success);
        }
    }

    private static List<MetadataChangeProposal> ReadProposals(JsonElement root, string action, string parameter, bool isBatch)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(parameter, out var value))
        {
            throw new FormatException($"Parameters of method '{action}' failed validation with error 'ERROR :: /{parameter} :: field is required but not found and has no default value'");
        }

        if (!isBatch)
        {
            return [RestLiProposal.Read(value, "/" + parameter)];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Parameters of method '{action}' failed validation with error 'ERROR :: /{parameter} :: is not an array'");
        }

        return value.EnumerateArray().Select((proposal, index) => RestLiProposal.Read(proposal, $"/{parameter}/{index}")).ToList();
    }

    /// <summary>The members of GMS's <c>/config</c> that DataHub's clients read (<c>server_config_util.py</c>, <c>rest_emitter.py</c>).</summary>
    private static JsonObject Config(string version) => new()
    {
        ["models"] = new JsonObject(),
        ["patchCapable"] = true,
        ["versions"] = new JsonObject
        {
            ["acryldata/datahub"] = new JsonObject { ["version"] = version, ["commit"] = "mlevents-embedded-gms" },
        },
        ["managedIngestion"] = new JsonObject { ["defaultCliVersion"] = version.TrimStart('v'), ["enabled"] = false },
        ["statefulIngestionCapable"] = true,
        ["supportsImpactAnalysis"] = false,
        ["timeZone"] = "GMT",
        ["telemetry"] = new JsonObject { ["enabledCli"] = false, ["enabledIngestion"] = false },
        ["datasetUrnNameCasing"] = false,
        ["retention"] = "true",
        ["datahub"] = new JsonObject { ["serverType"] = "dev", ["serverEnv"] = "core" },
        ["noCode"] = "true",
    };
}
