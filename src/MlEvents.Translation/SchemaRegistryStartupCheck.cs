using System.Net;
using Microsoft.Extensions.Options;
using Confluent.SchemaRegistry;
using MlEvents.Translation.Serdes;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;

namespace MlEvents.Translation;

/// <summary>
/// The schema registry answers (with the configured auth and TLS), within <see cref="WorkerOptions.StartupCheckTimeout"/>
/// and with one attempt. Any answer but 401/403 counts: DataHub GMS's registry answers 501 to the listing of subjects it uses.
/// </summary>
public sealed class SchemaRegistryStartupCheck(IOptions<SchemaRegistryOptions> registry, IOptions<WorkerOptions> worker) : IStartupCheck
{
    public string Name => "Schema Registry";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var options = registry.Value;
        var timeout = worker.Value.StartupCheckTimeout;
        var config = options.ToClientConfig();
        config.MaxRetries = 1; // Confluent's client sends no request at all with 0 (NullReferenceException)
        config.RequestTimeoutMs = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue);
        using var client = new CachedSchemaRegistryClient(config);
        try
        {
            await client.GetAllSubjectsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SchemaRegistryException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new StartupCheckException(
                $"the schema registry at \"{options.Url}\" refused the credentials ({(int)e.Status}). "
                + "Check SchemaRegistry__BasicAuthUserInfo (\"user:password\") or SchemaRegistry__BearerAuthToken, and the registry's ACLs.", e);
        }
        catch (SchemaRegistryException e) when (!SchemaRegistryErrors.IsTransient(e))
        {
            // Reachable: e.g. 501 from DataHub GMS, which does not list subjects.
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && SchemaRegistryErrors.IsTransient(e))
        {
            throw new StartupCheckException(
                $"cannot reach the schema registry at \"{options.Url}\" within {timeout.TotalSeconds:0.#} s ({e.Message}). "
                + "Check SchemaRegistry__Url (DataHub GMS: http://<gms-host>:8080/schema-registry/api), that the registry is up and reachable "
                + "from here, and the TLS settings (SchemaRegistry__SslCaLocation, SchemaRegistry__EnableSslCertificateVerification).", e);
        }
    }
}
