using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlEvents.DataHub.Store;

namespace MlEvents.Embedded;

/// <summary>
/// In-process stand-in for DataHub GMS's ingest endpoint on Kestrel, bound to 127.0.0.1, for tests and the embedded run.
/// It serves what DataHub's REST emitters call (<c>metadata-ingestion/src/datahub/emitter/rest_emitter.py</c>):
/// <list type="bullet">
/// <item><c>POST /aspects?action=ingestProposal</c>, body <c>{"proposal": &lt;mcp&gt;, "async": "false"}</c>;</item>
/// <item><c>POST /aspects?action=ingestProposalBatch</c>, body <c>{"proposals": [&lt;mcp&gt;, …], "async": "false"}</c>;</item>
/// <item><c>GET /config</c> (the server config the emitters read, <c>noCode: "true"</c>, version <see cref="EmbeddedGmsOptions.Version"/>)
/// and <c>GET /health</c> (200).</item>
/// </list>
/// <c>&lt;mcp&gt;</c> is Rest.li JSON as Python's <c>pre_json_transform(mcp.to_obj())</c> writes it: <c>entityType</c>,
/// <c>entityUrn</c>, <c>changeType</c>, <c>aspectName</c>, <c>aspect: {"value": "&lt;aspect JSON&gt;", "contentType": …}</c>,
/// optional <c>systemMetadata</c>. <c>aspect.value</c> is a Rest.li <c>bytes</c> string: one character per byte
/// (U+0000..U+00FF), read by GMS as UTF-8, so non-ASCII text must be \u-escaped in the aspect JSON. The header
/// <c>X-RestLi-Protocol-Version: 2.0.0</c> is accepted but not required (Rest.li servers accept requests without it).
/// <c>async</c> is accepted and ignored: proposals are applied before the answer either way.
/// </summary>
/// <remarks>
/// <para>Proposals are applied to an <see cref="AspectStore"/> (required fields, PATCH acceptance, keyed arrays). The answers
/// follow GMS (<c>AspectResource.ingestProposal(s)</c>, <c>RestliUtils.toTask</c> in datahub-project/datahub
/// metadata-service/restli-servlet-impl):</para>
/// <list type="bullet">
/// <item>accepted: 200 <c>{"value": "success"}</c> for both actions (<c>Constants.RESTLI_SUCCESS</c>; GMS before the batch action
/// returned the URN from <c>ingestProposal</c>);</item>
/// <item>a required field missing (GMS's <c>ValidationException</c>, caught in <c>AspectResource</c>): 422;</item>
/// <item>a PATCH GMS cannot apply (no template for the aspect, no default to patch, a path that does not exist, a timeseries
/// aspect: <c>UnsupportedOperationException</c> and other runtime exceptions): 500, message
/// <c>java.lang.UnsupportedOperationException: …</c> — a 5xx that will never succeed on retry;</item>
/// <item>an unreadable proposal or aspect (malformed JSON, missing member, unknown change type, not a JSON Patch:
/// Rest.li's parameter validation or <c>IllegalArgumentException</c>): 400;</item>
/// <item>no or a wrong token (with <see cref="EmbeddedGmsOptions.Token"/>): 401, text "Unauthorized to perform this action."
/// (GMS's <c>AuthenticationFilter</c>).</item>
/// </list>
/// <para>Error bodies are Rest.li's: <c>{"exceptionClass": "com.linkedin.restli.server.RestLiServiceException", "message",
/// "status", "stackTrace"}</c>. A request is one transaction: when one proposal of a batch is refused, none of the batch is
/// applied (GMS builds and validates the whole <c>AspectsBatch</c>, then ingests it in one database transaction; DataHub
/// PR #19369: "ingestProposalBatch is rejected as a unit server-side"). As in GMS, the message describes the failure, not
/// the proposal's position in the batch; <see cref="Refusals"/> names the refused proposal.</para>
/// <para>Fault switches: <see cref="Latency"/>, <see cref="FailNextRequests"/>, <see cref="FailAllRequests"/> /
/// <see cref="StopFailing"/>, <see cref="DropConnections"/>, <see cref="TakeDownAsync"/> / <see cref="BringUpAsync"/>.
/// Counters and state: <see cref="RequestCount"/>, <see cref="RequestsByStatus"/>, <see cref="ProposalsApplied"/>,
/// <see cref="LastAuthorizationHeader"/>, <see cref="Refusals"/>, <see cref="Snapshot"/>, <see cref="ReadStore{T}"/>.
/// Thread-safe.</para>
/// </remarks>
public sealed class EmbeddedGms : IAsyncDisposable
{
    private readonly EmbeddedGmsOptions _options;
    private readonly GmsStateStore _state;
    private readonly ConcurrentDictionary<int, long> _statusCounts = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private int _port;
    private long _requestCount;
    private int _failuresLeft;
    private volatile bool _failAll;
    private volatile Failure _failure = new(503, null);
    private volatile string? _lastAuthorization;
    private long _latencyTicks;

    public EmbeddedGms(EmbeddedGmsOptions? options = null)
    {
        _options = options ?? new EmbeddedGmsOptions();
        _state = new GmsStateStore(_options.Store);
        _port = _options.Port;
    }

    /// <summary>Base URL, e.g. "http://127.0.0.1:41234" (the GMS server URL for emitters); set by <see cref="StartAsync"/>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>True while listening (between <see cref="StartAsync"/> or <see cref="BringUpAsync"/> and <see cref="TakeDownAsync"/>).</summary>
    public bool IsUp => _app is not null;

    /// <summary>Delay added before every answer (faults and refusals included).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, value.Ticks);
    }

    /// <summary>True: every request's connection is closed without an answer (the client sees the response end prematurely).</summary>
    public bool DropConnections { get; set; }

    /// <summary>Requests received, whatever their outcome (dropped ones included; none while down).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Answers sent so far, by HTTP status.</summary>
    public IReadOnlyDictionary<int, long> RequestsByStatus => new Dictionary<int, long>(_statusCounts);

    /// <summary>Answers sent so far with <paramref name="status"/>.</summary>
    public long RequestsWithStatus(int status) => _statusCounts.GetValueOrDefault(status);

    /// <summary>Proposals applied to the store (those of refused requests are not).</summary>
    public long ProposalsApplied => _state.ProposalsApplied;

    /// <summary>Every refused ingest request so far, in order.</summary>
    public IReadOnlyList<GmsRefusal> Refusals => _state.Refusals;

    /// <summary>The <c>Authorization</c> header of the last request received (null when it had none), e.g. to check a token reached GMS.</summary>
    public string? LastAuthorizationHeader => _lastAuthorization;

    /// <summary>Creates and starts a stand-in.</summary>
    public static async Task<EmbeddedGms> StartNewAsync(EmbeddedGmsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var gms = new EmbeddedGms(options);
        await gms.StartAsync(cancellationToken).ConfigureAwait(false);
        return gms;
    }

    /// <summary>Starts listening and returns <see cref="Url"/>. Throws <see cref="IOException"/> when the port is taken.</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is not null) return Url;
            var app = Build(_port);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            _app = app;
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            Url = address.TrimEnd('/');
            _port = new Uri(Url).Port;
            return Url;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Simulates GMS going down: stops listening, so new connections are refused, and aborts requests in flight (their
    /// proposals are not applied), as a crash would; the state is kept.
    /// </summary>
    public Task TakeDownAsync(CancellationToken cancellationToken = default) => StopCoreAsync(abortInFlight: true, cancellationToken);

    /// <summary>Listens again on the same port (<see cref="Url"/> unchanged), with the state from before.</summary>
    public Task BringUpAsync(CancellationToken cancellationToken = default) => StartAsync(cancellationToken);

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (default 503), with <c>Retry-After</c> when given.</summary>
    public void FailNextRequests(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _failure = new Failure((int)status, retryAfter);
        Interlocked.Exchange(ref _failuresLeft, count);
    }

    /// <summary>Every request gets <paramref name="status"/> (default 503), with <c>Retry-After</c> when given, until <see cref="StopFailing"/>.</summary>
    public void FailAllRequests(HttpStatusCode status = HttpStatusCode.ServiceUnavailable, TimeSpan? retryAfter = null)
    {
        _failure = new Failure((int)status, retryAfter);
        _failAll = true;
    }

    /// <summary>Ends <see cref="FailAllRequests"/> and cancels what is left of <see cref="FailNextRequests"/>.</summary>
    public void StopFailing()
    {
        _failAll = false;
        Interlocked.Exchange(ref _failuresLeft, 0);
    }

    /// <summary>
    /// Compact JSON of every stored aspect keyed by (urn, aspect) (<see cref="AspectStore.Snapshot"/>), e.g. to compare with the
    /// state the Kafka path leads to.
    /// </summary>
    public IReadOnlyDictionary<(string Urn, string AspectName), string> Snapshot() => _state.Read(store => store.Snapshot());

    /// <summary>Runs <paramref name="read"/> on the store while no proposal is being applied; do not keep the store beyond it.</summary>
    public T ReadStore<T>(Func<AspectStore, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return _state.Read(read);
    }

    /// <summary>Stops listening after the requests in flight are answered (or <paramref name="cancellationToken"/> fires).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => StopCoreAsync(abortInFlight: false, cancellationToken);

    private async Task StopCoreAsync(bool abortInFlight, CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_app is { } app)
            {
                _app = null;
                using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (abortInFlight) await abort.CancelAsync().ConfigureAwait(false);
                try
                {
                    await app.StopAsync(abort.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (abortInFlight && !cancellationToken.IsCancellationRequested)
                {
                }

                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _lifecycle.Dispose();
    }

    private WebApplication Build(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmbeddedGms).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 16_000_000; // GMS's payload limit (INGEST_MAX_PAYLOAD_BYTES in rest_emitter.py)
        });
        var app = builder.Build();
        app.Use(CountAsync);
        app.Use(GuardAsync);
        app.UseRouting();
        GmsEndpoints.Map(app, _state, _options);
        return app;
    }

    private async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requestCount);
        _lastAuthorization = context.Request.Headers.Authorization is { Count: > 0 } header ? header.ToString() : null;
        await next(context).ConfigureAwait(false);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            _statusCounts.AddOrUpdate(context.Response.StatusCode, 1, (_, count) => count + 1);
        }
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        if (Latency is { Ticks: > 0 } latency)
        {
            try
            {
                await Task.Delay(latency, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (DropConnections)
        {
            context.Abort();
            return;
        }

        if (_failAll || TryTakeFailure())
        {
            var failure = _failure;
            if (failure.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await RestLiResults.Error(failure.Status, $"Injected failure ({failure.Status}).").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (_options.Token is { } token && !IsExcludedFromAuthentication(context.Request.Path) && !HasToken(context.Request, token))
        {
            await Results.Text("Unauthorized to perform this action.", "text/plain", statusCode: 401).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private bool TryTakeFailure()
    {
        while (true)
        {
            var left = Volatile.Read(ref _failuresLeft);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _failuresLeft, left - 1, left) == left) return true;
        }
    }

    private static bool IsExcludedFromAuthentication(PathString path) =>
        path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.Equals("/config", StringComparison.OrdinalIgnoreCase);

    private static bool HasToken(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }

    private sealed record Failure(int Status, TimeSpan? RetryAfter);
}
