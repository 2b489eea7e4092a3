using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;

namespace MlEvents.Translation;

/// <summary>Registry credentials (basic or bearer) configured on an <c>http://</c> URL.</summary>
public sealed class SchemaRegistryCredentialsTransport(IOptions<SchemaRegistryOptions> options) : ICredentialsTransportSource
{
    public IEnumerable<string> PlaintextCredentialWarnings()
    {
        var registry = options.Value;
        var basic = !string.IsNullOrEmpty(registry.BasicAuthUserInfo);
        var bearer = !string.IsNullOrEmpty(registry.BearerAuthToken);
        return PlaintextCredentials.ForRegistry(
            registry.Url, basic || bearer, bearer ? "SchemaRegistry:BearerAuthToken" : "SchemaRegistry:BasicAuthUserInfo");
    }
}
