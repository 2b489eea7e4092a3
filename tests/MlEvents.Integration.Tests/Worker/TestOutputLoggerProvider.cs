using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>Routes the worker's logs to the test output (lines written after the test finished are dropped).</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    /// <summary>Information, or Debug when WORKER_TEST_DEBUG=1 (pause/resume, client settings).</summary>
    public static LogLevel MinimumLevel { get; } =
        Environment.GetEnvironmentVariable("WORKER_TEST_DEBUG") == "1" ? LogLevel.Debug : LogLevel.Information;

    public ILogger CreateLogger(string categoryName) => new OutputLogger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class OutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}");
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
