using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker.Startup;

namespace MlEvents.Integration.Tests.Worker;

public sealed class StartupAndOptionsTests(MockKafkaCluster cluster) : IClassFixture<MockKafkaCluster>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Start_up_fails_fast_with_an_actionable_message_when_the_brokers_cannot_be_reached()
    {
        var overrides = new Dictionary<string, string?> { ["Worker:StartupCheckTimeout"] = "00:00:01" };
        using var host = WorkerHostFactory.Build("127.0.0.1:1", WorkerTopics.Unique(), new TestTranslator(), overrides: overrides);

        // The check's own timeout (1 s) ends start-up; the wait below only turns a hang into a failure.
        var failure = await Assert.ThrowsAsync<StartupCheckException>(() => host.StartAsync().WaitAsync(HangGuard));

        Assert.Contains("cannot reach the Kafka brokers at \"127.0.0.1:1\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Kafka__BootstrapServers", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_consume_loop_never_blocks_host_start_and_stops_within_its_bound_even_without_brokers()
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Worker:StartupCheckEnabled"] = "false",
            ["Worker:ShutdownTimeout"] = "00:00:02",
            ["Metrics:Enabled"] = "false",
        };
        using var host = WorkerHostFactory.Build("127.0.0.1:1", WorkerTopics.Unique(), new TestTranslator(), overrides: overrides);

        // A consume loop run on the host's start path would never return here (no brokers): start returns while the
        // loop is still running, and stop ends the loop. The hang guard only turns a hang into a failure.
        await host.StartAsync().WaitAsync(HangGuard);
        var loop = host.Services.GetServices<IHostedService>().OfType<EventPipelineService>().Single().ExecuteTask;
        Assert.NotNull(loop);
        Assert.False(loop.IsCompleted, "the consume loop ended before the host was stopped");

        await host.StopAsync().WaitAsync(HangGuard);

        // Ended, and not by an error: a BackgroundService whose ExecuteAsync observes the stopping token may end Canceled,
        // which the host treats as a clean stop (which of the two depends on where the loop was when the token fired).
        Assert.True(loop.Status is TaskStatus.RanToCompletion or TaskStatus.Canceled, $"the consume loop did not end cleanly with the host: {loop.Status} {loop.Exception?.GetBaseException().Message}");
    }

    [Fact]
    public async Task Start_up_fails_naming_each_missing_topic_and_its_setting()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events);
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator());

        var failure = await Assert.ThrowsAsync<StartupCheckException>(() => host.StartAsync());

        Assert.Contains($"\"{topics.Mcp}\" (Worker__McpTopic)", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{topics.DeadLetter}\" (Worker__DeadLetterTopic)", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(topics.Events, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extra_registered_checks_run_after_the_kafka_check_passes_and_their_failures_stop_the_host()
    {
        var topics = WorkerTopics.Unique();
        cluster.CreateTopics(topics.Events, topics.Mcp, topics.DeadLetter);
        using var host = WorkerHostFactory.Build(cluster.BootstrapServers, topics, new TestTranslator(), configure: services =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IStartupCheck>(services, new FailingCheck()));

        var failure = await Assert.ThrowsAsync<StartupCheckException>(() => host.StartAsync());

        Assert.Contains("Registry: registry down, check Registry__Url", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Kafka:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_up_with_every_problem_named()
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "",
            ["Kafka:Consumer:enable.auto.offset.store"] = "true",
            ["Worker:McpTopic"] = "bad topic!",
            ["Worker:MaxInFlightPerPartition"] = "0",
            ["Worker:MaxInFlightEvents"] = "0",
            ["Worker:MaxInFlightBytes"] = "1000",
            ["Worker:RetryMaxDelay"] = "00:00:00.010",
        };
        using var host = WorkerHostFactory.Build("", WorkerTopics.Unique(), new TestTranslator(), overrides: overrides);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        var message = string.Join(" ", Flatten(failure).Select(e => e.Message));

        Assert.All(Flatten(failure), e => Assert.IsType<OptionsValidationException>(e));
        Assert.Contains("Kafka:BootstrapServers is required", message, StringComparison.Ordinal);
        Assert.Contains("Kafka:Consumer:enable.auto.offset.store cannot be overridden", message, StringComparison.Ordinal);
        Assert.Contains("Worker:McpTopic (environment variable Worker__McpTopic) is not a valid Kafka topic name", message, StringComparison.Ordinal);
        Assert.DoesNotContain("bad topic!", message, StringComparison.Ordinal); // configuration errors never echo a value
        Assert.Contains("Worker:MaxInFlightPerPartition must be at least 1", message, StringComparison.Ordinal);
        Assert.Contains("Worker:MaxInFlightEvents must be at least 1", message, StringComparison.Ordinal);
        Assert.Contains("Worker:MaxInFlightBytes must be at least 1048576", message, StringComparison.Ordinal);
        Assert.Contains("Worker:RetryMaxDelay", message, StringComparison.Ordinal);

        static IEnumerable<Exception> Flatten(Exception e) => e is AggregateException a ? a.InnerExceptions : [e];
    }

    [Fact]
    public void The_default_in_flight_windows_are_coherent_so_the_per_partition_one_applies()
    {
        var defaults = new WorkerOptions { GroupId = "g" };

        var result = new WorkerOptionsValidator().Validate(null, defaults);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.True(defaults.MaxInFlightPerPartition <= defaults.MaxInFlightEvents,
            $"per partition {defaults.MaxInFlightPerPartition} > global {defaults.MaxInFlightEvents}: the per-partition window would never apply");
    }

    [Fact]
    public void A_per_partition_window_above_the_global_bound_is_refused_naming_both_settings()
    {
        var options = new WorkerOptions { GroupId = "g", MaxInFlightEvents = 1_000, MaxInFlightPerPartition = 1_001 };

        var result = new WorkerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Worker:MaxInFlightPerPartition (1001) must not exceed Worker:MaxInFlightEvents (1000)", result.FailureMessage, StringComparison.Ordinal);
    }

    private sealed class FailingCheck : IStartupCheck
    {
        public string Name => "Registry";

        public Task CheckAsync(CancellationToken cancellationToken) => throw new StartupCheckException("registry down, check Registry__Url");
    }
}
