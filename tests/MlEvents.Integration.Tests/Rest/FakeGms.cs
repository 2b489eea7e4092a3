using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.DataHub.Store;

namespace MlEvents.Integration.Tests.Rest;

/// <summary>
/// A small GMS ingest endpoint for the REST sink's pipeline tests: applies the proposals of a batch to an
/// <see cref="AspectStore"/> (all or nothing, as GMS validates a batch before it writes), refuses with 422 and a Rest.li error
/// what <see cref="Refuse"/> names, and can be taken down (connection refused) and brought back on the same port.
/// </summary>
public sealed class FakeGms : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private int _port;

    public AspectStore Store { get; } = new();

    /// <summary>Returns GMS's message for a proposal it refuses, or null.</summary>
    public Func<MetadataChangeProposal, string?>? Refuse { get; set; }

    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();

    public int Requests => AuthorizationHeaders.Count;

    public string Url => $"http://127.0.0.1:{_port}";

    public static async Task<FakeGms> StartNewAsync()
    {
        var gms = new FakeGms();
        await gms.StartAsync();
        return gms;
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        app.MapGet("/config", () => Results.Text("""{"noCode": "true", "versions": {"acryldata/datahub": {"version": "v1.0.0"}}}""", "application/json"));
        app.MapPost("/aspects", (Delegate)IngestAsync);
        await app.StartAsync();
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    /// <summary>Connection refused from now on, until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<IResult> IngestAsync(HttpContext context)
    {
        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.FirstOrDefault());
        if (context.Request.Query["action"] != "ingestProposalBatch")
        {
            return Error(400, "unknown action");
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var proposals = body!["proposals"]!.AsArray().Select(p => McpRestJson.ReadProposal(p!.AsObject())).ToList();
        lock (_gate)
        {
            foreach (var mcp in proposals)
            {
                if (Refuse?.Invoke(mcp) is { } message)
                {
                    return Error(422, message);
                }
            }

            foreach (var mcp in proposals)
            {
                try
                {
                    Store.Apply(mcp);
                }
                catch (JsonPatchException e)
                {
                    return Error(422, e.Message);
                }
            }
        }

        return Results.Text("""{"value":"success"}""", "application/json");
    }

    private static IResult Error(int status, string message) =>
        Results.Text(GmsClientTests.RestLiError(status, message), "application/json", statusCode: status);
}
