namespace MlEvents.Conversion.Tests.DataHub;

internal static class TestPaths
{
    public static string GoldenDirectory => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>tests/MlEvents.Conversion.Tests in the source tree (for regenerating golden files).</summary>
    public static string SourceProjectDirectory => WalkUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "MlEvents.Conversion.Tests.csproj")))
        ?? throw new DirectoryNotFoundException("Cannot find the test project directory above " + AppContext.BaseDirectory);

    /// <summary>shared/tools/pdl_validate.py, found by walking up from the test's base directory (CI has shared/ beside the repo).</summary>
    public static string PdlValidator
    {
        get
        {
            var root = WalkUp(AppContext.BaseDirectory, d => File.Exists(Path.Combine(d, "shared", "tools", "pdl_validate.py")))
                ?? throw new FileNotFoundException(
                    "shared/tools/pdl_validate.py not found in any parent of " + AppContext.BaseDirectory +
                    "; the DataHub PDL validator must sit in a 'shared' folder beside the repository.");
            return Path.Combine(root, "shared", "tools", "pdl_validate.py");
        }
    }

    private static string? WalkUp(string start, Func<string, bool> found)
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
