namespace MlEvents.Conversion.Tests.DataHub;

internal static class TestPaths
{
    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>tests/MlEvents.Conversion.Tests in the source tree (for regenerating golden files).</summary>
    public static string SourceProjectDirectory => WalkUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "MlEvents.Conversion.Tests.csproj")))
        ?? throw new DirectoryNotFoundException("Cannot find the test project directory above " + AppContext.BaseDirectory);

    public static string? WalkUp(string start, Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
