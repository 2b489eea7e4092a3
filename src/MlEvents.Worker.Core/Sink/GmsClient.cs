using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Worker.Sink;

/// <summary>
/// Talks to DataHub GMS as DataHub's Rest.li REST emitter does: <c>POST {ServerUrl}/aspects?action=ingestProposalBatch</c>
/// with <c>Content-Type: application/json</c>, <c>X-RestLi-Protocol-Version: 2.0.0</c> and <c>Authorization: Bearer …</c>
/// when a token is configured, and <c>GET {ServerUrl}/config</c>. Answers are classified (<see cref="Classify"/>), never
/// thrown; only the caller's cancellation throws. One pooled <see cref="SocketsHttpHandler"/>; the token is only ever put
/// in the Authorization header (no message, log line or exception of this class contains it). Thread-safe.
/// </summary>
public sealed class GmsClient : IDisposable
{
    public const string IngestAction = "ingestProposalBatch";
    public const string ConfigAction = "config";
    internal const string TimeoutPrefix = "no answer within";

    /// <summary>How GMS's 500 for a PATCH it cannot apply starts (<c>RestLiServiceException(500, e)</c> carries <c>e.toString()</c>).</summary>
    public const string UnsupportedOperation = "java.lang.UnsupportedOperationException";

    /// <summary>Longest GMS error message kept (GMS may answer with a whole stack trace).</summary>
    public const int MaxMessageChars = 4096;

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);
    private readonly WorkerMetrics? _metrics;
    private readonly Lazy<DataHubRestOptions> _options;
    private readonly Lazy<HttpClient> _http;
    private readonly Lazy<AuthenticationHeaderValue?> _authorization;

    public GmsClient(IOptions<DataHubSinkOptions> options, WorkerMetrics? metrics = null)
        : this(options, metrics, handler: null)
    {
    }

    /// <summary>With <paramref name="handler"/> (tests): requests go through it instead of a pooled socket handler.</summary>
    public GmsClient(IOptions<DataHubSinkOptions> options, WorkerMetrics? metrics, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        // Read lazily: the options are validated on start, and the client is constructed before that.
        var rest = new Lazy<DataHubRestOptions>(() => options.Value.Rest);
        _options = rest;
        _http = new Lazy<HttpClient>(() => CreateHttpClient(rest.Value, handler));
        _authorization = new Lazy<AuthenticationHeaderValue?>(() => ResolveToken(rest.Value) is { Length: > 0 } token ? new AuthenticationHeaderValue("Bearer", token) : null);
    }

    private DataHubRestOptions Options => _options.Value;

    /// <summary>Whether requests carry a token (for start-up messages; the token itself is never exposed).</summary>
    public bool HasToken => _authorization.Value is not null;

    /// <summary>The base URL requests go to, with its trailing slash.</summary>
    public Uri BaseUri => _http.Value.BaseAddress!;

    /// <summary>Posts one batch body (<see cref="DataHub.Serialization.McpRestJson.BatchBody"/> form).</summary>
    public Task<GmsAnswer> IngestAsync(byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return SendAsync(IngestAction, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "aspects?action=ingestProposalBatch") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return request;
        }, cancellationToken);
    }

    /// <summary><c>GET /config</c>: Accepted with GMS's configuration JSON as <see cref="GmsAnswer.Message"/>.</summary>
    public Task<GmsAnswer> GetConfigAsync(CancellationToken cancellationToken) =>
        SendAsync(ConfigAction, () => new HttpRequestMessage(HttpMethod.Get, "config"), cancellationToken, keepSuccessBody: true);

    /// <summary>The outcome of an answer with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static GmsAnswer Classify(int status, string body, TimeSpan? retryAfter = null)
    {
        if (status is >= 200 and < 300)
        {
            return new GmsAnswer(GmsOutcome.Accepted, status, "");
        }

        var message = ErrorMessage(body, status);
        var outcome = status switch
        {
            // GMS answers 500 with the exception for a PATCH it cannot apply (no template for the aspect): that proposal
            // never succeeds, so it is refused like a 4xx instead of stalling its partition forever.
            500 when message.StartsWith(UnsupportedOperation, StringComparison.Ordinal) => GmsOutcome.Refused,
            401 or 403 or 404 or 405 => GmsOutcome.Misconfigured,
            408 or 429 => GmsOutcome.Transient,
            >= 400 and < 500 => GmsOutcome.Refused,
            _ => GmsOutcome.Transient, // 5xx, and anything unexpected (1xx/3xx after redirects) is not the event's fault
        };
        return new GmsAnswer(outcome, status, message, retryAfter);
    }

    /// <summary>GMS's Rest.li error JSON <c>{"exceptionClass", "message", "status", "stackTrace"}</c>: its message (else the body), bounded.</summary>
    public static string ErrorMessage(string body, int status)
    {
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                    : root.TryGetProperty("exceptionClass", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                    : null;
            }
        }
        catch (JsonException)
        {
        }

        message ??= string.IsNullOrWhiteSpace(body) ? $"HTTP {status} without a body" : body;
        return message.Length <= MaxMessageChars ? message : message[..MaxMessageChars] + "…";
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    private async Task<GmsAnswer> SendAsync(string action, Func<HttpRequestMessage> create, CancellationToken cancellationToken, bool keepSuccessBody = false)
    {
        var options = Options;
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        GmsAnswer answer;
        try
        {
            using var request = create();
            request.Headers.Authorization = _authorization.Value;
            using var response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            answer = Classify((int)response.StatusCode, body, RetryAfter(response));
            if (keepSuccessBody && answer.Outcome == GmsOutcome.Accepted)
            {
                answer = answer with { Message = body };
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            answer = new GmsAnswer(GmsOutcome.Transient, null, $"{TimeoutPrefix} {options.RequestTimeout.TotalSeconds:0.###} s (DataHub:Rest:RequestTimeout)");
        }
        catch (HttpRequestException e)
        {
            answer = new GmsAnswer(GmsOutcome.Transient, null, $"{e.HttpRequestError}: {e.Message}");
        }
        catch (IOException e)
        {
            answer = new GmsAnswer(GmsOutcome.Transient, null, $"{e.GetType().Name}: {e.Message}");
        }

        _metrics?.GmsRequest(action, answer.StatusLabel, Stopwatch.GetElapsedTime(started));
        return answer;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > MaxRetryAfter ? MaxRetryAfter : value;
    }

    private static HttpClient CreateHttpClient(DataHubRestOptions options, HttpMessageHandler? handler)
    {
        handler ??= new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), // DNS changes are picked up
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(50),
            MaxConnectionsPerServer = options.MaxConcurrentRequests,
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.All,
        };
        var baseUrl = options.ServerUrl.TrimEnd('/') + "/";
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Add("X-RestLi-Protocol-Version", "2.0.0");
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("MlEvents-Worker", "1.0"));
        return client;
    }

    private static string? ResolveToken(DataHubRestOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token))
        {
            return options.Token.Trim();
        }

        return string.IsNullOrEmpty(options.TokenFile) ? null : File.ReadAllText(options.TokenFile, Encoding.UTF8).Trim();
    }
}
