namespace MlEvents.Testcontainers.Tests;

/// <summary>A fact that is skipped, with the reason, when no Docker engine can be reached.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.UnavailableReason is { } reason)
        {
            Skip = $"Docker engine not available: {reason}";
        }
    }
}
