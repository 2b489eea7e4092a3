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
