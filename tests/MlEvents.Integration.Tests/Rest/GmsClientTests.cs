using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Sink;

namespace MlEvents.Integration.Tests.Rest;

/// <summary>The REST sink's transport: request as DataHub's REST emitter sends it, and how GMS's answers are classified.</summary>
public sealed class GmsClientTests
{
    private const string Token = "tok-3f9a1c2b-SECRET";

    /// <summary>CPython's <c>json.dumps({"proposals": [p1, p2], "async": "false"})</c> for the two MCPs of <see cref="Mcps"/>.</summary>
    private const string ExpectedBatch = """
        {"proposals": [{"entityType": "tag", "entityUrn": "urn:li:tag:mlflow_production", "changeType": "UPSERT", "aspectName": "tagProperties", "aspect": {"value": "{\"name\":\"mlflow_production\",\"description\":\"Stage \\u00e9t\\u00e9 \\ud83d\\ude80 \\\"quoted\\\"\\n\\ttab\",\"colorHex\":\"#308613\"}", "contentType": "application/json"}, "systemMetadata": {"lastObserved": 1700000000000, "runId": "no-run-id-provided", "lastRunId": "no-run-id-provided", "properties": {"eventId": "evt-\u00e9-1", "eventType": "RunStarted", "producer": "mlevents"}}}, {"entityType": "mlModelGroup", "entityUrn": "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,m,PROD)", "changeType": "PATCH", "aspectName": "globalTags", "aspect": {"value": "[{\"op\":\"add\",\"path\":\"/tags/urn:li:tag:x\",\"value\":{\"tag\":\"urn:li:tag:x\"}}]", "contentType": "application/json-patch+json"}, "systemMetadata": {"lastObserved": 0, "runId": "run-1", "pipelineName": "p", "lastRunId": "no-run-id-provided"}}], "async": "false"}
        """;

    [Fact]
    public async Task A_batch_is_posted_to_ingestProposalBatch_byte_for_byte_as_the_Python_emitter_with_its_headers()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.OK, """{"value":"success"}"""));
        using var client = Client(handler, token: Token, serverUrl: "http://gms.example:8080/");

        var answer = await client.IngestAsync(GmsRequestBody.Batch([.. Mcps().Select(m => (ReadOnlyMemory<byte>)McpRestJson.Proposal(m))]), CancellationToken.None);

        Assert.Equal(GmsOutcome.Accepted, answer.Outcome);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://gms.example:8080/aspects?action=ingestProposalBatch", request.Uri);
        Assert.Equal(ExpectedBatch, request.Body);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("2.0.0", request.Headers["X-RestLi-Protocol-Version"]);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_a_token_no_Authorization_header_is_sent_and_a_server_url_with_a_path_keeps_it()
    {
        var handler = new CapturingHandler(_ => Answer(HttpStatusCode.OK, """{"value":"success"}"""));
        using var client = Client(handler, token: null, serverUrl: "https://acme.acryl.io/gms");

        await client.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://acme.acryl.io/gms/aspects?action=ingestProposalBatch", request.Uri);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task The_token_can_come_from_a_file()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, Token + "\n");
        try
        {
            var handler = new CapturingHandler(_ => Answer(HttpStatusCode.OK, "{}"));
            using var client = new GmsClient(Options.Create(new DataHubSinkOptions { Sink = McpSink.Rest, Rest = new DataHubRestOptions { ServerUrl = "http://gms:8080", TokenFile = file } }), null, handler);
            await client.GetConfigAsync(CancellationToken.None);
            Assert.Equal($"Bearer {Token}", Assert.Single(handler.Requests).Headers["Authorization"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(200, GmsOutcome.Accepted)]
    [InlineData(400, GmsOutcome.Refused)]
    [InlineData(413, GmsOutcome.Refused)]
    [InlineData(422, GmsOutcome.Refused)]
    [InlineData(401, GmsOutcome.Misconfigured)]
    [InlineData(403, GmsOutcome.Misconfigured)]
    [InlineData(404, GmsOutcome.Misconfigured)]
    [InlineData(408, GmsOutcome.Transient)]
    [InlineData(429, GmsOutcome.Transient)]
    [InlineData(500, GmsOutcome.Transient)]
    [InlineData(502, GmsOutcome.Transient)]
    [InlineData(503, GmsOutcome.Transient)]
    [InlineData(504, GmsOutcome.Transient)]
    public async Task Answers_are_classified_by_status(int status, GmsOutcome expected)
    {
        var handler = new CapturingHandler(_ => Answer((HttpStatusCode)status, RestLiError(status, "Failed to validate record with class com.linkedin.common.GlobalTags: missing required field tag")));
        using var client = Client(handler, Token);

        var answer = await client.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);

        Assert.Equal(expected, answer.Outcome);
        Assert.Equal(status, answer.Status);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.StatusLabel);
        if (expected != GmsOutcome.Accepted)
        {
            Assert.Equal("Failed to validate record with class com.linkedin.common.GlobalTags: missing required field tag", answer.Message);
            Assert.DoesNotContain(Token, answer.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GMSs_500_for_a_PATCH_it_cannot_apply_is_a_refusal_other_500s_are_transient()
    {
        var unsupported = GmsClient.Classify(500, RestLiError(500, "java.lang.UnsupportedOperationException: Aspect mlModelProperties does not support patch"));
        Assert.Equal(GmsOutcome.Refused, unsupported.Outcome);
        Assert.Equal("java.lang.UnsupportedOperationException: Aspect mlModelProperties does not support patch", unsupported.Message);
        Assert.Equal(GmsOutcome.Transient, GmsClient.Classify(500, RestLiError(500, "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available")).Outcome);
    }

    [Fact]
    public async Task Retry_After_is_read_as_seconds_or_as_a_date()
    {
        var seconds = new CapturingHandler(_ =>
        {
            var response = Answer(HttpStatusCode.TooManyRequests, RestLiError(429, "throttled"));
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });
        using var client = Client(seconds, Token);
        var answer = await client.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);
        Assert.Equal(GmsOutcome.Transient, answer.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), answer.RetryAfter);

        var date = new CapturingHandler(_ =>
        {
            var response = Answer(HttpStatusCode.ServiceUnavailable, "");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));
            return response;
        });
        using var dated = Client(date, Token);
        var later = await dated.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);
        Assert.InRange(later.RetryAfter!.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(31));
        Assert.Equal("HTTP 503 without a body", later.Message);
    }

    [Fact]
    public async Task No_answer_within_the_request_timeout_is_transient_and_labelled_timeout()
    {
        var handler = new CapturingHandler(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return Answer(HttpStatusCode.OK, "{}");
        });
        using var client = Client(handler, Token, requestTimeout: TimeSpan.FromMilliseconds(100));

        var answer = await client.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);

        Assert.Equal(GmsOutcome.Transient, answer.Outcome);
        Assert.Null(answer.Status);
        Assert.Equal("timeout", answer.StatusLabel);
    }

    [Fact]
    public async Task Connection_refused_is_transient_and_the_callers_cancellation_throws()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more
        using var client = new GmsClient(Options.Create(new DataHubSinkOptions { Sink = McpSink.Rest, Rest = new DataHubRestOptions { ServerUrl = $"http://127.0.0.1:{port}", Token = Token } }));

        var answer = await client.IngestAsync(GmsRequestBody.Batch([McpRestJson.Proposal(Mcps()[0])]), CancellationToken.None);

        Assert.Equal(GmsOutcome.Transient, answer.Outcome);
        Assert.Equal("connection_error", answer.StatusLabel);
        Assert.DoesNotContain(Token, answer.Message, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.IngestAsync([], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void A_body_that_is_not_Rest_li_JSON_is_the_message_bounded()
    {
        Assert.Equal("<html>Bad gateway</html>", GmsClient.ErrorMessage("<html>Bad gateway</html>", 502));
        Assert.Equal("com.example.Boom", GmsClient.ErrorMessage("""{"exceptionClass":"com.example.Boom","status":500}""", 500));
        Assert.Equal(GmsClient.MaxMessageChars + 1, GmsClient.ErrorMessage(new string('x', 100_000), 400).Length);
    }

    /// <summary>An UPSERT with non-ASCII text and a PATCH (the same two MCPs as the Conversion tests' McpRestJsonTests).</summary>
    public static IReadOnlyList<MetadataChangeProposal> Mcps() =>
    [
        new()
        {
            EntityType = "tag",
            EntityUrn = "urn:li:tag:mlflow_production",
            ChangeType = ChangeType.Upsert,
            AspectName = "tagProperties",
            AspectValue = Encoding.UTF8.GetBytes("{\"name\":\"mlflow_production\",\"description\":\"Stage \\u00e9t\\u00e9 \\ud83d\\ude80 \\\"quoted\\\"\\n\\ttab\",\"colorHex\":\"#308613\"}"),
            ContentType = ContentTypes.Json,
            SystemMetadata = new SystemMetadata
            {
                LastObserved = 1_700_000_000_000,
                Properties = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["eventId"] = "evt-é-1", ["eventType"] = "RunStarted", ["producer"] = "mlevents" },
            },
        },
        new()
        {
            EntityType = "mlModelGroup",
            EntityUrn = "urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,m,PROD)",
            ChangeType = ChangeType.Patch,
            AspectName = "globalTags",
            AspectValue = Encoding.UTF8.GetBytes("""[{"op":"add","path":"/tags/urn:li:tag:x","value":{"tag":"urn:li:tag:x"}}]"""),
            ContentType = ContentTypes.JsonPatch,
            SystemMetadata = new SystemMetadata { RunId = "run-1", PipelineName = "p" },
        },
    ];

    /// <summary>GMS's Rest.li error body (<c>RestLiServiceException</c>) for <paramref name="status"/>.</summary>
    public static string RestLiError(int status, string message) => new System.Text.Json.Nodes.JsonObject
    {
        ["exceptionClass"] = "com.linkedin.restli.server.RestLiServiceException",
        ["stackTrace"] = $"com.linkedin.restli.server.RestLiServiceException [HTTP Status:{status}]: {message}\n\tat com.linkedin.metadata.resources.entity.AspectResource",
        ["message"] = message,
        ["status"] = status,
    }.ToJsonString();

    private static GmsClient Client(HttpMessageHandler handler, string? token, string serverUrl = "http://gms:8080", TimeSpan? requestTimeout = null) =>
        new(Options.Create(new DataHubSinkOptions
        {
            Sink = McpSink.Rest,
            Rest = new DataHubRestOptions { ServerUrl = serverUrl, Token = token, RequestTimeout = requestTimeout ?? TimeSpan.FromSeconds(5) },
        }), null, handler);

    private static HttpResponseMessage Answer(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed record CapturedRequest(HttpMethod Method, string Uri, string Body, string? ContentType, IReadOnlyDictionary<string, string> Headers);

    private sealed class CapturingHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public CapturingHandler(Func<HttpRequestMessage, HttpResponseMessage> answer)
            : this((request, _) => Task.FromResult(answer(request)))
        {
        }

        public List<CapturedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            Requests.Add(new CapturedRequest(request.Method, request.RequestUri!.ToString(), body, request.Content?.Headers.ContentType?.MediaType, headers));
            return await answer(request, cancellationToken);
        }
    }
}
