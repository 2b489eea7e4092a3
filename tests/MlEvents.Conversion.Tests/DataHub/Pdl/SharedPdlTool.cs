using System.Diagnostics;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.DataHub.Pdl;

/// <summary>
/// The external check: ../shared/tools/pdl_validate.py (Python), run on MCPs written as DataHub's MCP JSON file. It is
/// an extra beside <see cref="PdlAspectValidator"/>; tests using it are <see cref="SharedPdlToolFactAttribute"/>s: they
/// skip with <see cref="MissingReason"/> in a user's clone and are required (fail) when the "CI" environment variable is
/// true (<c>RequiredInCiFactAttribute.InCi</c>), as in .ci/run.
/// </summary>
internal static class SharedPdlTool
{
    private const string RelativePath = "shared/tools/pdl_validate.py";

    /// <summary>The script, found in a 'shared' folder beside the repository (or any parent of the test's folder).</summary>
    public static string? Path => TestPaths.WalkUp(AppContext.BaseDirectory, d => File.Exists(System.IO.Path.Combine(d, RelativePath))) is { } root
        ? System.IO.Path.Combine(root, RelativePath)
        : null;

    /// <summary>Why the tool cannot run here, or null when it can.</summary>
    public static string? MissingReason => Path is null
        ? $"{RelativePath} not found beside the repository (the external DataHub PDL check; the project's own PdlAspectValidator runs anyway)"
        : null;

    public static (int ExitCode, string Output) Validate(IEnumerable<MetadataChangeProposal> mcps)
    {
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mlevents-conversion-pdl-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, McpJsonFile.Write(mcps));
        try
        {
            return ValidateFile(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs the validator on an MCP JSON file; exit code 0 means every UPSERT aspect matches the PDLs.</summary>
    public static (int ExitCode, string Output) ValidateFile(string path)
    {
        var script = Path ?? throw new FileNotFoundException(MissingReason);
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("pdl_validate.py did not finish in 60 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>A fact using <see cref="SharedPdlTool"/>: skipped with the reason where ../shared is absent, required when CI=true.</summary>
public sealed class SharedPdlToolFactAttribute() : MlEvents.Tests.Shared.RequiredInCiFactAttribute(SharedPdlTool.MissingReason);
