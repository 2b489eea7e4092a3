using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MlEvents.Integration.Tests.Worker;
using MlEvents.Worker;
using MlEvents.Worker.Diagnostics;
using MlEvents.Translation;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Support;

/// <summary>The worker host as Program.cs builds it (pipeline + real translator), in the test process, with its metrics recorded.</summary>
public sealed class InProcessWorker : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    public InProcessWorker(StreamEnvironment env, ITestOutputHelper output, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = env.WorkerSettings(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Kafka:Consumer:auto.commit.interval.ms"] = "200",
            ["Worker:RetryInitialDelay"] = "00:00:00.050",
            ["Worker:RetryMaxDelay"] = "00:00:00.400",
            ["Worker:ShutdownTimeout"] = "00:00:10",
        });
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Services.AddMlEventsWorker(builder.Configuration);
        builder.Services.AddMlEventsTranslation(builder.Configuration);
        _host = builder.Build();
        Metrics = new MetricsRecorder(_host.Services.GetRequiredService<IMeterFactory>());
    }

    public MetricsRecorder Metrics { get; }

    public WorkerReadiness Readiness => _host.Services.GetRequiredService<WorkerReadiness>();

    public Task StartAsync() => _host.StartAsync();

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Metrics.Dispose();
        _host.Dispose();
    }
}
