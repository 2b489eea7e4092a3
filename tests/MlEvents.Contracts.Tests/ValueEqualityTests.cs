namespace MlEvents.Contracts.Tests;

public class ValueEqualityTests
{
    private static RunFinished Finished(Dictionary<string, double> metrics, List<string> urls) => new()
    {
        RunId = "r",
        Result = RunResult.SUCCESS,
        Metrics = metrics,
        OutputUrls = urls,
        OutputDatasets = [new DatasetRef { Platform = "s3", Name = "b/p" }],
    };

    [Fact]
    public void Records_with_equal_collections_are_equal_and_hash_alike()
    {
        var a = Finished(new() { ["acc"] = 0.9, ["loss"] = 0.1 }, ["s3://a", "s3://b"]);
        var b = Finished(new() { ["loss"] = 0.1, ["acc"] = 0.9 }, ["s3://a", "s3://b"]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(TestEvents.Envelope(a), TestEvents.Envelope(b));
    }

    [Fact]
    public void Different_values_or_list_order_are_not_equal()
    {
        var a = Finished(new() { ["acc"] = 0.9 }, ["s3://a", "s3://b"]);

        Assert.NotEqual(a, Finished(new() { ["acc"] = 0.91 }, ["s3://a", "s3://b"]));
        Assert.NotEqual(a, Finished(new() { ["acc"] = 0.9, ["f1"] = 0.5 }, ["s3://a", "s3://b"]));
        Assert.NotEqual(a, Finished(new() { ["acc"] = 0.9 }, ["s3://b", "s3://a"]));
    }

    [Fact]
    public void Collections_are_copied_so_later_changes_to_the_source_do_not_leak_in()
    {
        var metrics = new Dictionary<string, double> { ["acc"] = 0.9 };
        var urls = new List<string> { "s3://a" };
        var run = Finished(metrics, urls);

        metrics["acc"] = 0.1;
        urls.Add("s3://b");

        Assert.Equal(0.9, run.Metrics["acc"]);
        Assert.Single(run.OutputUrls);
    }

    [Fact]
    public void Collections_default_to_empty()
    {
        var started = new RunStarted { RunId = "r" };

        Assert.Empty(started.HyperParams);
        Assert.Empty(started.CustomProperties);
        Assert.Empty(started.InputDatasets);
        Assert.Equal(started, new RunStarted { RunId = "r", HyperParams = new Dictionary<string, string>(), InputDatasets = [] });
    }

    [Fact]
    public void Different_payload_types_with_the_same_ids_differ()
    {
        MlEventPayload stage = new ModelStageChanged { ModelName = "m", Version = "1", Stage = "None" };
        MlEventPayload aliases = new ModelAliasesChanged { ModelName = "m", Version = "1" };
        Assert.NotEqual(stage, aliases);
        Assert.Equal(nameof(ModelStageChanged), stage.TypeName);
    }
}
