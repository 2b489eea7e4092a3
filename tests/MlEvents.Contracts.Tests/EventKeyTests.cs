namespace MlEvents.Contracts.Tests;

public class EventKeyTests
{
    [Fact]
    public void Each_payload_is_keyed_by_its_entity()
    {
        var keys = TestEvents.Full().ToDictionary(e => e.Payload.TypeName, EventKeys.For);

        Assert.Equal("experiment:mlflow:exp,(1)", keys[nameof(ExperimentUpserted)]);
        Assert.Equal("run:mlflow:run-1", keys[nameof(RunStarted)]);
        Assert.Equal("modelGroup:mlflow:airline_models", keys[nameof(ModelGroupUpserted)]);
        Assert.Equal("model:mlflow:arima_model", keys[nameof(ModelRegistered)]);
    }

    [Fact]
    public void Events_about_the_same_entity_share_a_key()
    {
        var events = TestEvents.Full().ToList();
        var run = events.Where(e => e.Payload is RunStarted or RunUpdated or RunFinished).Select(EventKeys.For).Distinct();
        var model = events.Where(e => e.Payload is ModelRegistered or ModelStageChanged or ModelAliasesChanged).Select(EventKeys.For).Distinct();

        Assert.Single(run);
        Assert.Single(model);
    }

    [Fact]
    public void The_platform_is_part_of_the_key()
    {
        var e = TestEvents.Full().First(e => e.Payload is RunStarted);
        Assert.NotEqual(EventKeys.For(e), EventKeys.For(e with { Platform = "sagemaker" }));
    }
}
