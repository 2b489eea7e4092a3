using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MlEvents.SchemaRegistry.Tests;

public sealed class TlsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sr-tls-").FullName;

    private static X509Certificate2 SelfSigned(string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null); // persisted key, usable by SslStream
    }

    [Fact]
    public async Task Trusts_the_registry_through_SslCaLocation_and_rejects_it_without()
    {
        using var serverCert = SelfSigned("registry", server: true);
        var caPath = Path.Combine(_dir, "ca.pem");
        await File.WriteAllTextAsync(caPath, serverCert.ExportCertificatePem());
        await using var registry = await Registry.StartAsync(new() { ServerCertificate = serverCert });
        Assert.StartsWith("https://", registry.Url);

        var trusted = Registry.Config(registry.Url, maxRetries: 0);
        trusted.SslCaLocation = caPath;
        using var trustedClient = new CachedSchemaRegistryClient(trusted);
        Assert.True(await trustedClient.RegisterSchemaAsync("t-value", Schema.Avro(TestSchemas.V1)) > 0);

        using var untrustedClient = Registry.Client(registry.Url, maxRetries: 0);
        await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => untrustedClient.GetAllSubjectsAsync());

        var unverified = Registry.Config(registry.Url, maxRetries: 0);
        unverified.EnableSslCertificateVerification = false;
        using var unverifiedClient = new CachedSchemaRegistryClient(unverified);
        Assert.Equal(["t-value"], await unverifiedClient.GetAllSubjectsAsync());
    }

    [Fact]
    public async Task Presents_the_client_certificate_from_the_keystore()
    {
        using var serverCert = SelfSigned("registry", server: true);
        using var clientCert = SelfSigned("worker", server: false);
        var keystore = Path.Combine(_dir, "client.p12");
        await File.WriteAllBytesAsync(keystore, clientCert.Export(X509ContentType.Pfx, "pw"));
        await using var registry = await Registry.StartAsync(new() { ServerCertificate = serverCert, RequireClientCertificate = true });

        var withCert = Registry.Config(registry.Url, maxRetries: 0);
        withCert.EnableSslCertificateVerification = false;
        withCert.SslKeystoreLocation = keystore;
        withCert.SslKeystorePassword = "pw";
        using var client = new CachedSchemaRegistryClient(withCert);
        Assert.Empty(await client.GetAllSubjectsAsync());
        Assert.DoesNotContain("pw", withCert.ToString().Replace(keystore, ""));

        var withoutCert = Registry.Config(registry.Url, maxRetries: 0);
        withoutCert.EnableSslCertificateVerification = false;
        using var anonymous = new CachedSchemaRegistryClient(withoutCert);
        await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => anonymous.GetAllSubjectsAsync());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
