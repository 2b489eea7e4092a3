namespace MlEvents.Cli.Conventions;

/// <summary>Command-line values are wrong (exit code 2); each problem names its flag and why.</summary>
internal sealed class UsageException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public UsageException(string problem)
        : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;
}
