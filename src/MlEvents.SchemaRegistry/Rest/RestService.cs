using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace MlEvents.SchemaRegistry.Rest;

/// <summary>
/// HTTP transport: URL failover, basic auth, per-request timeout, retries with exponential backoff and full jitter
/// on transient failures (network, timeout, 5xx, 429). Other 4xx become permanent <see cref="SchemaRegistryException"/>s.
/// </summary>
internal sealed class RestService : IDisposable
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    private readonly IReadOnlyList<Uri> _urls;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly string? _logicalCluster;
    private readonly string? _identityPoolId;
    private readonly TimeSpan _requestTimeout;
    private readonly int _maxRetries;
    private readonly int _retriesWaitMs;
    private readonly int _retriesMaxWaitMs;
    private int _preferredUrl;

    public RestService(SchemaRegistryConfig config, HttpMessageHandler? handler)
    {
        _urls = config.ParseUrls();
        _http = new HttpClient(handler ?? CreateHandler(config), disposeHandler: handler is null) { Timeout = Timeout.InfiniteTimeSpan };
        _auth = CreateAuth(config);
        if (config.BearerAuthCredentialsSource is not null)
        {
            _logicalCluster = string.IsNullOrEmpty(config.BearerAuthLogicalCluster) ? null : config.BearerAuthLogicalCluster;
            _identityPoolId = string.IsNullOrEmpty(config.BearerAuthIdentityPoolId) ? null : config.BearerAuthIdentityPoolId;
        }
        _requestTimeout = TimeSpan.FromMilliseconds(config.RequestTimeoutMs > 0 ? config.RequestTimeoutMs : 30_000);
        _maxRetries = Math.Max(0, config.MaxRetries);
        _retriesWaitMs = Math.Max(0, config.RetriesWaitMs);
        _retriesMaxWaitMs = Math.Max(_retriesWaitMs, config.RetriesMaxWaitMs);
    }

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType());
        SchemaRegistryException? lastTransient = null;
        for (var attempt = 0; ; attempt++)
        {
            var start = Volatile.Read(ref _preferredUrl);
            for (var i = 0; i < _urls.Count; i++)
            {
                var index = (start + i) % _urls.Count;
                var outcome = await TrySendOnceAsync<T>(_urls[index], method, path, payload, ct).ConfigureAwait(false);
                if (outcome.Error is null)
                {
                    Volatile.Write(ref _preferredUrl, index);
                    return outcome.Value!;
                }
                if (!outcome.Error.IsTransient) throw outcome.Error;
                lastTransient = outcome.Error;
            }
            if (attempt >= _maxRetries) break;
            await Task.Delay(BackoffDelay(attempt), ct).ConfigureAwait(false);
        }
        throw new SchemaRegistryUnavailableException(
            $"Schema registry unavailable after {_maxRetries + 1} attempt(s) on {_urls.Count} URL(s): {method} {path}: {lastTransient!.Message}",
            lastTransient.Status, lastTransient.ErrorCode, lastTransient);
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        var ceiling = Math.Min((double)_retriesMaxWaitMs, _retriesWaitMs * Math.Pow(2, attempt));
        // Full jitter spreads out a herd of workers that all saw the registry fail at once.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    private readonly record struct Outcome<T>(T? Value, SchemaRegistryException? Error);

    private async Task<Outcome<T>> TrySendOnceAsync<T>(Uri baseUrl, HttpMethod method, string path, byte[]? payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_requestTimeout);
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Accept.ParseAdd(ContentType);
        request.Headers.Accept.ParseAdd("application/json");
        if (_auth is not null) request.Headers.Authorization = _auth;
        if (_logicalCluster is not null) request.Headers.Add("target-sr-cluster", _logicalCluster);
        if (_identityPoolId is not null) request.Headers.Add("Confluent-Identity-Pool-Id", _identityPoolId);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var value = JsonSerializer.Deserialize<T>(body)
                    ?? throw new SchemaRegistryException($"Empty response to {method} {path}.", response.StatusCode, -1, isTransient: false);
                return new Outcome<T>(value, null);
            }
            return new Outcome<T>(default, ToException(method, path, response.StatusCode, body));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            return new Outcome<T>(default, new SchemaRegistryException(
                $"{method} {baseUrl}{path} timed out after {_requestTimeout.TotalMilliseconds} ms.", null, -1, isTransient: true, e));
        }
        catch (HttpRequestException e)
        {
            return new Outcome<T>(default, new SchemaRegistryException(
                $"{method} {baseUrl}{path} failed: {e.Message}", e.StatusCode, -1, isTransient: true, e));
        }
        catch (JsonException e)
        {
            return new Outcome<T>(default, new SchemaRegistryException(
                $"{method} {baseUrl}{path} returned a body that is not the expected JSON: {e.Message}", null, -1, isTransient: false, e));
        }
    }

    private static SchemaRegistryException ToException(HttpMethod method, string path, HttpStatusCode status, byte[] body)
    {
        var code = (int)status;
        var message = Encoding.UTF8.GetString(body);
        try
        {
            var error = JsonSerializer.Deserialize<ErrorResponse>(body);
            if (error is not null)
            {
                if (error.ErrorCode != 0) code = error.ErrorCode;
                message = error.Message ?? message;
            }
        }
        catch (JsonException)
        {
            // Not a Confluent error body (e.g. a proxy's HTML page): keep the raw text.
        }
        // 501 means the endpoint does not exist there (e.g. lookup on DataHub's GMS registry): retrying cannot help.
        var transient = ((int)status >= 500 && status != HttpStatusCode.NotImplemented)
            || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;
        return new SchemaRegistryException(
            $"{method} {path} -> {(int)status} {status}: {message} (error_code {code})", status, code, transient);
    }

    // As Confluent's client: basic and bearer auth exclude each other; bearer needs its credentials source set.
    private static AuthenticationHeaderValue? CreateAuth(SchemaRegistryConfig config)
    {
        if (config.BearerAuthCredentialsSource is BearerAuthCredentialsSource.StaticToken)
        {
            if (!string.IsNullOrEmpty(config.BasicAuthUserInfo))
                throw new ArgumentException("Cannot specify both basic and bearer authentication.", nameof(config));
            if (string.IsNullOrEmpty(config.BearerAuthToken))
                throw new ArgumentException("Bearer authentication token not specified (BearerAuthToken).", nameof(config));
            return new AuthenticationHeaderValue("Bearer", config.BearerAuthToken);
        }

        if (string.IsNullOrEmpty(config.BasicAuthUserInfo)) return null;
        if (!config.BasicAuthUserInfo.Contains(':'))
            throw new ArgumentException("BasicAuthUserInfo must have the form 'user:password'.", nameof(config));
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(config.BasicAuthUserInfo)));
    }

    private static SocketsHttpHandler CreateHandler(SchemaRegistryConfig config)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var ssl = handler.SslOptions;
        if (!config.EnableSslCertificateVerification)
        {
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (!string.IsNullOrEmpty(config.SslCaLocation))
        {
            var trust = new X509Certificate2Collection();
            trust.ImportFromPemFile(config.SslCaLocation);
            ssl.RemoteCertificateValidationCallback = (_, cert, presentedChain, errors) =>
            {
                if (cert is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(trust);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (presentedChain is not null)
                    foreach (var element in presentedChain.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                using var leaf = new X509Certificate2(cert);
                return chain.Build(leaf);
            };
        }
        if (!string.IsNullOrEmpty(config.SslKeystoreLocation))
        {
            var clientCert = X509CertificateLoader.LoadPkcs12FromFile(config.SslKeystoreLocation, config.SslKeystorePassword);
            ssl.ClientCertificates = [clientCert];
        }
        return handler;
    }

    public void Dispose() => _http.Dispose();
}
