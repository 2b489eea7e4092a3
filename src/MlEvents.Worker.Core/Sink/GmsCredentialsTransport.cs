using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;

namespace MlEvents.Worker.Sink;

/// <summary>A GMS token configured for an <c>http://</c> ServerUrl (REST sink only).</summary>
public sealed class GmsCredentialsTransport(IOptions<DataHubSinkOptions> options) : ICredentialsTransportSource
{
    public IEnumerable<string> PlaintextCredentialWarnings()
    {
        var sink = options.Value;
        if (sink.Sink != McpSink.Rest)
        {
            return [];
        }

        var hasToken = !string.IsNullOrEmpty(sink.Rest.Token) || !string.IsNullOrEmpty(sink.Rest.TokenFile);
        return PlaintextCredentials.ForRegistry(sink.Rest.ServerUrl, hasToken, "the GMS token (DataHub:Rest:Token)")
            .Select(w => w.Replace("to the schema registry at", "to DataHub GMS at", StringComparison.Ordinal));
    }
}
