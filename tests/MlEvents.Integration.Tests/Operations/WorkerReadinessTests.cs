using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlEvents.Integration.Tests.Worker;
using MlEvents.Worker.Pipeline;
using MlEvents.Worker;
using MlEvents.Worker.Diagnostics;

namespace MlEvents.Integration.Tests.Operations;

/// <summary>The readiness signals as /readyz evaluates them, in a container set up by AddMlEventsWorker (no Kafka needed).</summary>
public sealed class WorkerReadinessTests : IDisposable
{
    private readonly ServiceProvider _services;

    public WorkerReadinessTests()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "localhost:9092", ["Worker:GroupId"] = "ops" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<MlEvents.Worker.Pipeline.IEventTranslator>(new TestTranslator());
        services.AddMlEventsWorker(configuration);
        services.AddMlEventsWorker(configuration); // a second call must not register the checks twice
        _services = services.BuildServiceProvider();
    }

    private WorkerReadiness Readiness => _services.GetRequiredService<WorkerReadiness>();

    [Fact]
    public async Task Not_ready_until_an_assignment_arrives_then_ready_even_with_zero_partitions()
    {
        var before = await CheckAsync(WorkerReadiness.KafkaAssigned);
        Readiness.PartitionsAssigned(0);
        var after = await CheckAsync(WorkerReadiness.KafkaAssigned);
        Readiness.PartitionsLost();
        var lost = await CheckAsync(WorkerReadiness.KafkaAssigned);

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal(HealthStatus.Unhealthy, lost.Status);
        Assert.Contains("lost", lost.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_delivery_makes_the_producer_not_ready_until_the_next_success_but_an_oversized_record_does_not()
    {
        Readiness.DeliveryFailed(new Error(ErrorCode.MsgSizeTooLarge));
        var oversized = await CheckAsync(WorkerReadiness.ProducerDelivering);
        Readiness.DeliveryFailed(new Error(ErrorCode.Local_MsgTimedOut));
        var failed = await CheckAsync(WorkerReadiness.ProducerDelivering);
        Readiness.DeliverySucceeded();
        var recovered = await CheckAsync(WorkerReadiness.ProducerDelivering);

        Assert.Equal(HealthStatus.Healthy, oversized.Status);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains(nameof(ErrorCode.Local_MsgTimedOut), failed.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    [Fact]
    public async Task A_registry_failure_names_the_exception_until_a_translation_succeeds()
    {
        var initially = await CheckAsync(WorkerReadiness.SchemaRegistryReachable);
        Readiness.RegistryFailed(new SchemaRegistryUnavailableException("registry at http://sr:8081 answered 503", new HttpRequestException("503 Service Unavailable")));
        var failed = await CheckAsync(WorkerReadiness.SchemaRegistryReachable);
        Readiness.TranslationSucceeded();
        var recovered = await CheckAsync(WorkerReadiness.SchemaRegistryReachable);

        Assert.Equal(HealthStatus.Healthy, initially.Status);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains(nameof(SchemaRegistryUnavailableException), failed.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    /// <summary>
    /// Failures and successes race on the producer's and the partitions' threads. With the flag set apart from the
    /// signal, a success could clear the flag between a failure's flag write and its SetNotReady: the signal then
    /// stayed NotReady while the flag said "fine", and no later success ever set it ready again.
    /// </summary>
    [Fact]
    public void After_racing_failures_and_successes_the_next_success_always_makes_the_worker_ready()
    {
        const int rounds = 10_000; // before the fix ~1 round in 900 ended stuck (23 of 20,000 here)
        var stuckDelivery = 0;
        var stuckRegistry = 0;
        var go = 0;
        var done = 0;
        var failer = new Thread(() =>
        {
            for (var round = 1; round <= rounds; round++)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref go) < round) { spin.SpinOnce(); }
                Readiness.DeliveryFailed(new Error(ErrorCode.Local_MsgTimedOut));
                Readiness.RegistryFailed(new TimeoutException("registry slow"));
                Interlocked.Increment(ref done);
            }
        });
        var succeeder = new Thread(() =>
        {
            for (var round = 1; round <= rounds; round++)
            {
                var spin = default(SpinWait);
                while (Volatile.Read(ref go) < round) { spin.SpinOnce(); }
                for (var i = 0; i < 3; i++)
                {
                    Readiness.DeliverySucceeded();
                    Readiness.TranslationSucceeded();
                }

                Interlocked.Increment(ref done);
            }
        });
        failer.Start();
        succeeder.Start();
        for (var round = 1; round <= rounds; round++)
        {
            Volatile.Write(ref go, round);
            var spin = default(SpinWait);
            while (Volatile.Read(ref done) < 2 * round) { spin.SpinOnce(); }

            // Both threads are idle now: one more success must make each signal ready.
            Readiness.DeliverySucceeded();
            Readiness.TranslationSucceeded();
            stuckDelivery += Readiness.Delivering.IsReady ? 0 : 1;
            stuckRegistry += Readiness.Registry.IsReady ? 0 : 1;
        }

        failer.Join();
        succeeder.Join();
        Assert.Equal(0, stuckDelivery);
        Assert.Equal(0, stuckRegistry);
    }

    [Fact]
    public async Task Readiness_covers_the_four_signals_and_the_stall_check()
    {
        var report = await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));

        Assert.Equal(
            new[] { WorkerReadiness.KafkaAssigned, "consumer-not-stalled", WorkerReadiness.ProducerDelivering, WorkerReadiness.SchemaRegistryReachable, WorkerReadiness.DeadLetterWritable }
                .Order(StringComparer.Ordinal),
            report.Entries.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_skipped_event_makes_the_worker_unready_until_the_next_dead_letter_record_is_acknowledged()
    {
        var readiness = _services.GetRequiredService<WorkerReadiness>();

        readiness.EventSkipped("events", 2, 41);
        var skipped = await CheckAsync(WorkerReadiness.DeadLetterWritable);
        readiness.DeadLetterDelivered();
        var recovered = await CheckAsync(WorkerReadiness.DeadLetterWritable);

        Assert.Equal(HealthStatus.Unhealthy, skipped.Status);
        Assert.Contains("events[2]@41 skipped", skipped.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, recovered.Status);
    }

    public void Dispose() => _services.Dispose();

    private async Task<HealthReportEntry> CheckAsync(string name)
    {
        var report = await _services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == name);
        return report.Entries[name];
    }
}
