using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>One event to publish, or why it cannot be: <see cref="Line"/> is its line in a .jsonl file (null for a flag-built event).</summary>
internal sealed record PublishItem(int? Line, MlEvent? Event, string? Error)
{
    public string Label => Line is { } line ? $"line {line}" : "event";
}
