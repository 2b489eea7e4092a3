using MlEvents.Client;
using MlEvents.Client.Tests.Support;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Unit;

/// <summary>A value that would break a rule is refused by the call that brings it, never later at finish or dispose.</summary>
public sealed class EntryLimitsTests
{
    [Fact]
    public async Task The_metric_past_the_limit_is_refused_by_LogMetric_and_the_run_still_finishes()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        for (var i = 0; i < EventLimits.MaxCollectionItems; i++) run.LogMetric($"m{i}", i);

        var error = Assert.Throws<ArgumentException>(() => run.LogMetric("one_too_many", 1));
        run.LogMetric("m0", 42); // an existing name still takes new values

        Assert.Contains("1000 metrics", error.Message);
        Assert.Contains("one_too_many", error.Message);
        await run.FinishAsync(RunResult.SUCCESS);
        var finished = Assert.IsType<RunFinished>(sink.Events[^1].Payload);
        Assert.Equal(EventLimits.MaxCollectionItems, finished.Metrics.Count);
        Assert.Equal(42, finished.Metrics["m0"]);
    }

    [Fact]
    public async Task Params_tags_datasets_and_urls_are_checked_where_they_enter()
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");

        Assert.Contains("more than the limit of 1024", Assert.Throws<ArgumentException>(() => run.LogParam(new string('p', 1025), 1)).Message);
        Assert.Contains("UTF-8 bytes", Assert.Throws<ArgumentException>(() => run.LogParam("big", new string('x', EventLimits.MaxPropertyValueBytes + 1))).Message);
        Assert.Contains("control character", Assert.Throws<ArgumentException>(() => run.SetTag("a\nb", "v")).Message);
        Assert.Contains("not a platform name", Assert.Throws<ArgumentException>(() => run.AddInputDataset("s 3", "bucket/x")).Message);
        Assert.Contains("FabricType", Assert.Throws<ArgumentException>(() => run.AddOutputDataset("s3", "bucket/x", environment: "prod")).Message);
        Assert.Contains("not an absolute URL", Assert.Throws<ArgumentException>(() => run.AddOutputUrl("relative/path")).Message);
        Assert.Contains("looks like seconds", Assert.Throws<ArgumentException>(() => run.LogMetric("loss", 1, timestamp: DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000))).Message);
        Assert.Throws<ArgumentException>(() => run.LogMetric(new string('m', 1025), 1));

        Assert.Empty(run.Params);
        Assert.Empty(run.Tags);
        Assert.Empty(run.Metrics);
        Assert.Empty(run.Started.InputDatasets);
    }

    [Fact]
    public async Task The_param_past_the_limit_is_refused_by_LogParam()
    {
        var (publisher, _, _) = TestPublishers.InMemory();
        var run = await publisher.StartRunAsync(null, "run-1");
        run.LogParams(Enumerable.Range(0, EventLimits.MaxCollectionItems).Select(i => KeyValuePair.Create($"p{i}", "v")));

        Assert.Contains("1000 params", Assert.Throws<ArgumentException>(() => run.LogParam("extra", 1)).Message);
        run.LogParam("p1", "v"); // the same value again is still fine
    }

    [Fact]
    public async Task An_alias_that_breaks_a_rule_is_refused_before_anything_is_sent()
    {
        var (publisher, sink, _) = TestPublishers.InMemory();
        await publisher.RegisterModelVersionAsync("churn", "1");

        await Assert.ThrowsAsync<ArgumentException>(() => publisher.AddAliasAsync("churn", "1", " "));

        Assert.Single(sink.Sent);
    }
}
