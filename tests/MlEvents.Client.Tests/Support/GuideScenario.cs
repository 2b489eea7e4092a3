using Microsoft.Extensions.Time.Testing;
using MlEvents.Client;
using MlEvents.Contracts;

namespace MlEvents.Client.Tests.Support;

/// <summary>
/// DataHub's AI/ML integration guide told through the client the way a training script would: the same facts as
/// samples/airline-forecast.events.jsonl, one second apart.
/// </summary>
internal static class GuideScenario
{
    public const int EventCount = 6;

    public static async Task PublishAsync(IMlEventsPublisher publisher, FakeTimeProvider time)
    {
        await publisher.UpsertExperimentAsync("airline_forecast_experiment", e =>
        {
            e.Name = "Airline Forecast Experiment";
            e.Description = "Experiment to forecast airline passenger numbers";
            e.CustomProperties["team"] = "forecasting";
            e.ExternalUrl = "http://localhost:5000/#/experiments/1";
            e.CreatedAt = e.LastModifiedAt = time.GetUtcNow();
        });

        await using (var run = await publisher.StartRunAsync("airline_forecast_experiment", "simple_training_run_4", r =>
        {
            r.Name = "Simple Training Run 4";
            r.Params["learning_rate"] = "0.01";
            r.Params["batch_size"] = "32";
            r.CustomProperties["team"] = "forecasting";
            r.ExternalUrl = "http://localhost:5000/#/experiments/1/runs/simple_training_run_4";
            r.AddInputDataset("snowflake", "iris_input");
        }))
        {
            run.LogParam("batch_size", 32); // already given at start: logging the same value again is harmless
            run.LogMetric("accuracy", 0.7).LogMetric("accuracy", 0.9);
            run.AddOutputUrl("s3://my-bucket/output").AddOutputDataset("snowflake", "iris_output");
            time.Advance(TimeSpan.FromSeconds(1));
            await run.FinishAsync(RunResult.FAILURE, "FAILED");

            time.Advance(TimeSpan.FromSeconds(1));
            await publisher.UpsertModelGroupAsync("airline_forecast_models_group", g =>
            {
                g.Description = "Group of models for airline passenger forecasting";
                g.CustomProperties["team"] = "forecasting";
                g.CreatedAt = g.LastModifiedAt = time.GetUtcNow();
                g.TrainingRunIds.Add(run.RunId);
            });

            time.Advance(TimeSpan.FromSeconds(1));
            await publisher.RegisterModelVersionAsync("arima_model", "1.0", v =>
            {
                v.FromRun(run);
                v.GroupName = "airline_forecast_models_group";
                v.Description = "ARIMA model for airline passenger forecasting";
                v.CustomProperties["team"] = "forecasting";
                v.ExternalUrl = "http://localhost:5000/#/models/arima_model/versions/1.0";
                v.CreatedAt = v.LastModifiedAt = time.GetUtcNow();
                v.Aliases.Add("champion");
            });
        }

        time.Advance(TimeSpan.FromSeconds(1));
        await publisher.SetStageAsync("arima_model", "1.0", ModelStage.Production);
    }

    public static IReadOnlyList<MlEvent> SampleEvents()
    {
        var path = Path.Combine(RepositoryRoot(), "samples", "airline-forecast.events.jsonl");
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(MlEventJson.Parse)];
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlEvents.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("MlEvents.sln not found above " + AppContext.BaseDirectory);
    }
}
