using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MlEvents.Embedded;

namespace MlEvents.Integration.Tests.Embedded.Gms;

/// <summary>Token checks, fault switches, counters and concurrency of <see cref="EmbeddedGms"/>; each test starts its own.</summary>
public sealed class EmbeddedGmsAccessTests
{
    private static readonly DataHub.Mcps.MetadataChangeProposal TagName = GmsRequests.Upsert("urn:li:tag:t", "tagProperties", """{"name":"t"}""");

    private static async Task<(EmbeddedGms Gms, HttpClient Client)> StartAsync(EmbeddedGmsOptions? options = null)
    {
        var gms = await EmbeddedGms.StartNewAsync(options);
        return (gms, new HttpClient { BaseAddress = new Uri(gms.Url), Timeout = TimeSpan.FromSeconds(30) });
    }

    [Fact]
    public async Task With_a_token_configured_ingest_needs_the_bearer_token_and_health_and_config_do_not()
    {
        var (gms, client) = await StartAsync(new EmbeddedGmsOptions { Token = "s3cret" });
        await using var _ = gms;
        using var __ = client;

        using var without = await client.PostProposalAsync(TagName);
        using var wrong = await client.PostProposalAsync(TagName, token: "guess");
        var wrongHeader = gms.LastAuthorizationHeader;
        using var right = await client.PostProposalAsync(TagName, token: "s3cret");
        var rightHeader = gms.LastAuthorizationHeader;
        using var health = await client.GetAsync("/health");
        using var config = await client.GetAsync("/config");

        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal("Unauthorized to perform this action.", await without.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer guess", wrongHeader);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("Bearer s3cret", rightHeader);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal(1, gms.ProposalsApplied);
        Assert.Equal(2, gms.RequestsWithStatus(401));
    }

    [Fact]
    public async Task Without_a_token_configured_requests_without_authorization_are_applied()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        using var response = await client.PostProposalAsync(TagName);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2.0.0", response.Headers.GetValues("X-RestLi-Protocol-Version").Single());
        Assert.Null(gms.LastAuthorizationHeader);
    }

    [Fact]
    public async Task Fail_next_requests_answers_429_with_retry_after_then_applies_again()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        gms.FailNextRequests(2, HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(3));
        using var first = await client.PostProposalAsync(TagName);
        using var second = await client.PostProposalAsync(TagName);
        using var third = await client.PostProposalAsync(TagName);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(429, (await second.JsonBodyAsync())["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(1, gms.ProposalsApplied);
        Assert.Equal(new Dictionary<int, long> { [429] = 2, [200] = 1 }, gms.RequestsByStatus);
    }

    [Fact]
    public async Task Fail_all_requests_answers_503_until_switched_back()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        gms.FailAllRequests();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.PostProposalAsync(TagName);
            statuses.Add(response.StatusCode);
        }

        gms.StopFailing();
        using var after = await client.PostProposalAsync(TagName);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, gms.ProposalsApplied);
        Assert.Equal(6, gms.RequestCount);
    }

    [Fact]
    public async Task Latency_delays_every_answer()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        gms.Latency = TimeSpan.FromMilliseconds(300);
        var watch = Stopwatch.StartNew();
        using var response = await client.PostProposalAsync(TagName);
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task Dropped_connections_end_the_response_without_an_answer_and_apply_nothing()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        gms.DropConnections = true;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostProposalAsync(TagName));
        gms.DropConnections = false;
        using var after = await client.PostProposalAsync(TagName);

        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, gms.ProposalsApplied);
    }

    [Fact]
    public async Task Down_refuses_connections_and_back_up_listens_on_the_same_url_with_the_state_kept()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;
        using var before = await client.PostProposalAsync(TagName);
        var url = gms.Url;

        await gms.TakeDownAsync();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostProposalAsync(TagName));
        var wasUp = gms.IsUp;
        await gms.BringUpAsync();
        using var after = await client.PostProposalAsync(GmsRequests.Upsert("urn:li:tag:u", "tagProperties", """{"name":"u"}"""));

        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
        Assert.False(wasUp);
        Assert.Equal(url, gms.Url);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal([("urn:li:tag:t", "tagProperties"), ("urn:li:tag:u", "tagProperties")], gms.Snapshot().Keys.Order());
    }

    [Fact]
    public async Task Going_down_aborts_a_request_in_flight_without_applying_it()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;

        gms.Latency = TimeSpan.FromSeconds(20);
        var inFlight = client.PostProposalAsync(TagName);
        while (gms.RequestCount == 0)
        {
            await Task.Delay(10);
        }

        var watch = Stopwatch.StartNew();
        await gms.TakeDownAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => inFlight);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"the request in flight ended after {watch.Elapsed}");
        Assert.Equal(0, gms.ProposalsApplied);
        Assert.Empty(gms.RequestsByStatus);
    }

    [Fact]
    public async Task Parallel_posts_are_all_applied_and_counted()
    {
        var (gms, client) = await StartAsync();
        await using var _ = gms;
        using var __ = client;
        const int Writers = 8, PerWriter = 25;

        var statuses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < PerWriter; i++)
            {
                var urn = $"urn:li:tag:w{writer}-{i}";
                using var response = i % 2 == 0
                    ? await client.PostProposalAsync(GmsRequests.Upsert(urn, "tagProperties", $$"""{"name":"{{urn}}"}"""))
                    : await client.PostBatchAsync([
                        GmsRequests.Upsert(urn, "tagProperties", $$"""{"name":"{{urn}}"}"""),
                        GmsRequests.Patch("urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,shared,PROD)", "globalTags",
                            $$$"""[{"op":"add","path":"/tags/urn:li:tag:w{{{writer}}}-{{{i}}}","value":{"tag":"urn:li:tag:w{{{writer}}}-{{{i}}}"}}]"""),
                    ]);
                codes.Add(response.StatusCode);
            }

            return codes;
        })));

        var snapshot = gms.Snapshot();
        var sharedTags = gms.ReadStore(store => store.Get("urn:li:mlModelGroup:(urn:li:dataPlatform:mlflow,shared,PROD)", "globalTags")!["tags"]!.AsArray().Count);
        Assert.All(statuses.SelectMany(s => s), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(Writers * PerWriter + 1, snapshot.Count);
        Assert.Equal(Writers * (PerWriter / 2), sharedTags);
        Assert.Equal(Writers * PerWriter + Writers * (PerWriter / 2), gms.ProposalsApplied);
        Assert.Equal(Writers * PerWriter, gms.RequestsWithStatus(200));
    }
}
