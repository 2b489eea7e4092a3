namespace MlEvents.Contracts.Tests;

public class SampleFileTests
{
    private static readonly string[] Lines =
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "airline-forecast.events.jsonl"));

    private static List<MlEvent> Events() => Lines.Select(MlEventJson.Parse).ToList();

    [Fact]
    public void Every_line_parses_and_validates()
    {
        Assert.Equal(6, Lines.Length);
        foreach (var e in Events())
        {
            Assert.Empty(MlEventValidator.Validate(e));
        }
    }

    [Fact]
    public void Lines_are_in_the_canonical_serialized_form()
    {
        Assert.Equal(Lines, Events().Select(MlEventJson.Serialize));
    }

    [Fact]
    public void Event_ids_are_unique_and_times_do_not_go_back()
    {
        var events = Events();
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Select(e => e.EventTime).Order(), events.Select(e => e.EventTime));
    }

    [Fact]
    public void It_tells_the_guides_story()
    {
        var events = Events();
        Assert.All(events, e => Assert.Equal("mlflow", e.Platform));

        var experiment = Assert.IsType<ExperimentUpserted>(events[0].Payload);
        Assert.Equal("airline_forecast_experiment", experiment.ExperimentId);

        var started = Assert.IsType<RunStarted>(events[1].Payload);
        Assert.Equal("simple_training_run_4", started.RunId);
        Assert.Equal(experiment.ExperimentId, started.ExperimentId);
        Assert.Equal("0.01", started.HyperParams["learning_rate"]);
        Assert.Equal("32", started.HyperParams["batch_size"]);
        Assert.NotEmpty(started.InputDatasets);

        var finished = Assert.IsType<RunFinished>(events[2].Payload);
        Assert.Equal(started.RunId, finished.RunId);
        Assert.Equal(RunResult.FAILURE, finished.Result);
        Assert.Equal(0.9, finished.Metrics["accuracy"]);
        Assert.Equal(["s3://my-bucket/output"], finished.OutputUrls);
        Assert.NotEmpty(finished.OutputDatasets);
        Assert.Equal(started.HyperParams, finished.HyperParams); // cumulative: repeated at finish

        var group = Assert.IsType<ModelGroupUpserted>(events[3].Payload);
        Assert.Equal("airline_forecast_models_group", group.GroupName);
        Assert.Equal([started.RunId], group.TrainingRunIds);

        var model = Assert.IsType<ModelRegistered>(events[4].Payload);
        Assert.Equal(("arima_model", "1.0"), (model.ModelName, model.Version));
        Assert.Equal(group.GroupName, model.GroupName);
        Assert.Equal(started.RunId, model.RunId);
        Assert.Equal(["champion"], model.Aliases);

        var stage = Assert.IsType<ModelStageChanged>(events[5].Payload);
        Assert.Equal(("arima_model", "1.0", "Production"), (stage.ModelName, stage.Version, stage.Stage));
    }
}
