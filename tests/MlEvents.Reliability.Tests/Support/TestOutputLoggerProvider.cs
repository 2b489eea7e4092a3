using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace MlEvents.Reliability.Tests.Support;

/// <summary>Worker logs (Information and up, without librdkafka's chatter) into the test output.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new OutputLogger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class OutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            // librdkafka's own lines and client transport errors flood the output while a broker is down.
            if (message.StartsWith("librdkafka", StringComparison.Ordinal) || message.StartsWith("Kafka consumer error", StringComparison.Ordinal) ||
                message.StartsWith("Kafka producer error", StringComparison.Ordinal))
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {message}");
            }
            catch (InvalidOperationException)
            {
                // the test already finished
            }
        }
    }
}
