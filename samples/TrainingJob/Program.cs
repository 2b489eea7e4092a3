// A training job that publishes its lifecycle to MlEvents. Settings come from appsettings.json or the environment:
//   MlEvents__Publisher__BootstrapServers=kafka:9092  MlEvents__Publisher__SchemaRegistryUrl=http://schema-registry:8081
//   MlEvents__Publisher__Platform=mlflow              RunId=nightly-2026-11-30 (optional)
// Exit codes: 0 published, 1 training failed (the run is recorded FAILED), 3 Kafka or the registry unreachable.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlEvents.Client;
using MlEvents.Contracts;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddMlEventsPublisher(builder.Configuration.GetSection(MlEventsPublisherOptions.DefaultSectionName));
builder.Services.Configure<MlEventsPublisherOptions>(o =>
{
    o.CheckConnectivityOnStart = true; // a wrong address or password stops the job now, with librdkafka's own error
    o.OnUndelivered = e => Console.Error.WriteLine($"not delivered: {e.EventType} {e.EventId}: {e.Reason}");
});
using var host = builder.Build();
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TrainingJob");
try
{
    await host.StartAsync(); // validates the options, then checks Kafka and the Schema Registry
}
catch (Exception e) when (e is OptionsValidationException or ConnectivityException)
{
    logger.LogCritical("Cannot publish training events: {Error}", e.Message);
    return 3;
}

var publisher = host.Services.GetRequiredService<IMlEventsPublisher>();
var runId = builder.Configuration["RunId"] ?? $"churn-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var exitCode = 0;
try
{
    await publisher.UpsertExperimentAsync("churn_experiment", e => e.Description = "Customer churn models");

    // `await using`: if training throws, the run is published as FAILED and the training's exception is what you see.
    await using (var run = await publisher.StartRunAsync("churn_experiment", runId, r =>
    {
        r.Name = "nightly churn training";
        r.Params["learning_rate"] = "0.01";
        r.AddInputDataset("snowflake", "analytics.churn.training_set");
    }))
    {
        run.LogParam("epochs", 100).LogParam("data_cutoff", new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc)); // ISO 8601
        run.SetTag("git_sha", "3f2c1d0");
        for (var step = 0; step < 100; step++)
        {
            var loss = TrainOneEpoch(step);
            run.LogMetric("loss", loss, step); // only the latest value per name is kept and published
        }
        run.LogMetric("auc", 0.91);
        run.AddOutputDataset("s3", "models/churn/model.pkl");
        await run.FinishAsync(RunResult.SUCCESS, "FINISHED");

        await publisher.UpsertModelGroupAsync("churn_models", g => g.Description = "Churn classifiers");
        await publisher.RegisterModelVersionAsync("churn_model", "1", v =>
        {
            v.FromRun(run); // the run id, params and latest metrics
            v.GroupName = "churn_models";
            v.Aliases.Add("challenger");
        });
    }
    await publisher.AddAliasAsync("churn_model", "1", "champion");
    await publisher.SetStageAsync("churn_model", "1", ModelStage.Production);
    await publisher.FlushAsync(); // throws UndeliveredEventsException if anything is still unacknowledged
}
catch (UndeliveredEventsException e)
{
    logger.LogError("{Count} event(s) not acknowledged in time: {EventIds}", e.EventIds.Count, e.EventIds);
    exitCode = 3;
}
catch (PublishException e)
{
    // The event was not stored; IsTransient says whether running the job again later may succeed.
    logger.LogError(e, "Event {EventId} ({EventType}) was not published", e.EventId, e.EventType);
    exitCode = e.IsUnreachable ? 3 : 1;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    logger.LogError(e, "Training failed");
    exitCode = 1;
}
finally
{
    await host.StopAsync();
}
// Disposal flushes and never throws; anything it could not deliver is listed here (and was logged).
await ((IAsyncDisposable)host).DisposeAsync();
return exitCode == 0 && publisher.UndeliveredEvents.Count > 0 ? 3 : exitCode;

static double TrainOneEpoch(int step) => 1.0 / (step + 1); // stands in for the real training
