namespace MlEvents.Tests.Shared;

/// <summary>
/// A fact that needs something beside the repository and the .NET SDK (a ../shared tool, a Debian package). Where that is
/// missing it is skipped with <c>missing</c> as the reason, which names the piece and how to install it; when the
/// environment variable CI is <c>true</c> (CI sets it) it is never skipped, so a missing piece fails the test instead.
/// </summary>
public abstract class RequiredInCiFactAttribute : FactAttribute
{
    protected RequiredInCiFactAttribute(string? missing)
    {
        if (SkipReason(missing, InCi) is { } reason)
        {
            Skip = reason;
        }
    }

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { } value &&
        (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");

    /// <summary>The skip reason, or null when the test must run: nothing is missing, or CI requires it.</summary>
    public static string? SkipReason(string? missing, bool inCi) =>
        missing is null || inCi ? null : $"{missing} (skipped outside CI; required when CI=true)";
}
