using System.Diagnostics;
using MlEvents.Reliability.Tests.Support;

namespace MlEvents.Reliability.Tests.Startup;

/// <summary>
/// The built worker (src/MlEvents.Worker) as a process in the Production environment: a missing or mistyped setting must
/// stop it at once with a clear message, never start a demo or a restart loop that looks healthy.
/// </summary>
public sealed class ProductionStartupTests
{
    [Fact]
    public void Without_Kafka_and_registry_settings_the_worker_exits_non_zero_at_once_with_one_line_per_setting_and_no_stack_trace()
    {
        var clock = Stopwatch.StartNew();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>());

        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), "the worker kept running: " + worker.Tail());
        worker.WaitForOutput();
        var lines = worker.Output.Select(line => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]).Where(line => line.Length > 0).ToList(); // without the "[pid] " prefix

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal(
            [
                "Invalid configuration: Kafka:BootstrapServers is required (environment variable Kafka__BootstrapServers), e.g. \"broker1:9092,broker2:9092\".",
                "Invalid configuration: SchemaRegistry:Url is required (environment variable SchemaRegistry__Url), e.g. \"http://schema-registry:8081\" "
                + "or DataHub GMS's own registry \"http://datahub-gms:8080/schema-registry/api\".",
            ],
            lines.Order(StringComparer.Ordinal));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed} (expected about a second)");
    }

    [Fact]
    public void An_invalid_setting_is_named_once_with_its_environment_variable_and_nothing_is_started()
    {
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["Kafka:BootstrapServers"] = "broker-without-port",
            ["SchemaRegistry:Url"] = "http://schema-registry:8081",
            ["SchemaRegistry:MaxRetries"] = "0",
        });

        Assert.True(worker.WaitForExit(TimeSpan.FromSeconds(30)), "the worker kept running: " + worker.Tail());
        worker.WaitForOutput();
        var lines = worker.Output.Select(line => line[(line.IndexOf("] ", StringComparison.Ordinal) + 2)..]).Where(line => line.Length > 0).ToList(); // without the "[pid] " prefix

        Assert.Equal(2, worker.ExitCode);
        Assert.Equal(2, lines.Count);
        Assert.Contains(lines, line => line.Contains("Kafka:BootstrapServers must be a comma-separated list of host:port", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("SchemaRegistry:MaxRetries must be 1 or more", StringComparison.Ordinal)
            && line.Contains("SchemaRegistry__MaxRetries", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_development_host_refuses_to_run_outside_the_Development_environment()
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MlEvents.DevHost.dll"));
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();

        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", output);
        Assert.StartsWith("The development host runs only in the Development environment (DOTNET_ENVIRONMENT is \"Production\")", await error, StringComparison.Ordinal);
    }
}
