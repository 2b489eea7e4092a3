using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Configuration;

public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    /// <summary>One MiB: below that the bound would pause the worker after a handful of ordinary events.</summary>
    public const long MinInFlightBytes = 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        RequireTopic(failures, nameof(options.EventsTopic), options.EventsTopic);
        RequireTopic(failures, nameof(options.McpTopic), options.McpTopic);
        RequireTopic(failures, nameof(options.DeadLetterTopic), options.DeadLetterTopic);
        if (string.IsNullOrWhiteSpace(options.GroupId))
        {
            failures.Add("Worker:GroupId is required (environment variable Worker__GroupId).");
        }

        var topics = new[] { options.EventsTopic, options.McpTopic, options.DeadLetterTopic };
        if (topics.Distinct(StringComparer.Ordinal).Count() != topics.Length)
        {
            failures.Add("Worker:EventsTopic, Worker:McpTopic and Worker:DeadLetterTopic must be three different topics.");
        }

        RequirePositive(failures, nameof(options.ShutdownTimeout), options.ShutdownTimeout);
        RequirePositive(failures, nameof(options.RevokeDrainTimeout), options.RevokeDrainTimeout);
        RequirePositive(failures, nameof(options.RetryInitialDelay), options.RetryInitialDelay);
        RequirePositive(failures, nameof(options.RetryMaxDelay), options.RetryMaxDelay);
        RequirePositive(failures, nameof(options.StartupCheckTimeout), options.StartupCheckTimeout);
        if (options.RetryMaxDelay < options.RetryInitialDelay)
        {
            failures.Add($"Worker:RetryMaxDelay ({options.RetryMaxDelay}) must not be smaller than Worker:RetryInitialDelay ({options.RetryInitialDelay}).");
        }

        if (!(options.RetryBackoffMultiplier >= 1.0) || double.IsInfinity(options.RetryBackoffMultiplier))
        {
            failures.Add($"Worker:RetryBackoffMultiplier must be a number >= 1, got {options.RetryBackoffMultiplier}.");
        }

        if (options.MaxInFlightPerPartition < 1)
        {
            failures.Add($"Worker:MaxInFlightPerPartition must be at least 1, got {options.MaxInFlightPerPartition}.");
        }

        if (options.MaxInFlightEvents < 1)
        {
            failures.Add($"Worker:MaxInFlightEvents must be at least 1 (environment variable Worker__MaxInFlightEvents), got {options.MaxInFlightEvents}.");
        }

        if (options.MaxInFlightPerPartition > options.MaxInFlightEvents && options.MaxInFlightEvents >= 1)
        {
            failures.Add($"Worker:MaxInFlightPerPartition ({options.MaxInFlightPerPartition}) must not exceed Worker:MaxInFlightEvents ({options.MaxInFlightEvents}): a per-partition window above the global bound never applies.");
        }

        if (options.MaxInFlightBytes < MinInFlightBytes)
        {
            failures.Add($"Worker:MaxInFlightBytes must be at least {MinInFlightBytes} (environment variable Worker__MaxInFlightBytes), got {options.MaxInFlightBytes}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireTopic(List<string> failures, string setting, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Worker:{setting} is required (environment variable Worker__{setting}).");
        }
        else if (value.Length > 249 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' || c is '_' || c is '-'))
        {
            failures.Add($"Worker:{setting} (environment variable Worker__{setting}) is not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249 characters).");
        }
    }

    private static void RequirePositive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Worker:{setting} must be a positive duration (e.g. \"00:00:10\"), got {value}.");
        }
    }
}
