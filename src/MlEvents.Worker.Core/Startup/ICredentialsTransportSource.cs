namespace MlEvents.Worker.Startup;

/// <summary>A client besides Kafka (e.g. the schema registry) whose credentials may travel unencrypted; see <see cref="CredentialsTransportWarnings"/>.</summary>
public interface ICredentialsTransportSource
{
    /// <summary>One line per credential configured to travel over an unencrypted connection (<see cref="Configuration.PlaintextCredentials"/>).</summary>
    IEnumerable<string> PlaintextCredentialWarnings();
}
