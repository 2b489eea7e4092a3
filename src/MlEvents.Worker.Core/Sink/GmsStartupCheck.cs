using System.Text.Json;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;

namespace MlEvents.Worker.Sink;

/// <summary>
/// REST sink only: GMS answers <c>GET {ServerUrl}/config</c> within <see cref="WorkerOptions.StartupCheckTimeout"/> with its
/// configuration (<c>"noCode": "true"</c>, which DataHub's REST emitter also requires: the frontend answers differently).
/// </summary>
public sealed class GmsStartupCheck(GmsClient client, IOptions<DataHubSinkOptions> sink, IOptions<WorkerOptions> worker) : IStartupCheck
{
    public string Name => "DataHub GMS";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (sink.Value.Sink != McpSink.Rest)
        {
            return;
        }

        var url = sink.Value.Rest.ServerUrl;
        var timeout = worker.Value.StartupCheckTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        GmsAnswer answer;
        try
        {
            answer = await client.GetConfigAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            answer = new GmsAnswer(GmsOutcome.Transient, null, $"no answer within {timeout.TotalSeconds:0.#} s (Worker:StartupCheckTimeout)");
        }

        switch (answer.Outcome)
        {
            case GmsOutcome.Accepted when IsGmsConfig(answer.Message):
                return;
            case GmsOutcome.Accepted:
                throw new StartupCheckException(
                    $"\"{url}/config\" answered, but not as DataHub GMS does (no \"noCode\": \"true\"): DataHub__Rest__ServerUrl must point at GMS "
                    + "(usually http://<gms-host>:8080, or https://<name>.acryl.io/gms for DataHub Cloud), not at the frontend.");
            case GmsOutcome.Misconfigured:
                throw new StartupCheckException(
                    $"GMS at \"{url}\" answered {answer}. Check DataHub__Rest__ServerUrl and the token (DataHub__Rest__Token or {DataHubSinkOptions.TokenVariable}).");
            default:
                throw new StartupCheckException(
                    $"cannot reach DataHub GMS at \"{url}\" ({answer}). Check DataHub__Rest__ServerUrl, that GMS is up and reachable from here, "
                    + "or set DataHub__Sink=Kafka to produce to DataHub's Kafka instead.");
        }
    }

    private static bool IsGmsConfig(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("noCode", out var noCode)
                && noCode.ValueKind == JsonValueKind.String && noCode.GetString() == "true";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
