namespace MlEvents.Cli;

/// <summary>A command-line value is wrong (exit code 2); the message says which flag and why.</summary>
internal sealed class PublishUsageException(string message) : Exception(message);
