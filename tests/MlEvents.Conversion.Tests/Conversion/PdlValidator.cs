using System.Diagnostics;
using MlEvents.Conversion.Tests.DataHub;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Conversion.Tests.Conversion;

/// <summary>Runs shared/tools/pdl_validate.py on MCPs written as DataHub's MCP JSON file.</summary>
internal static class PdlValidator
{
    public static (int ExitCode, string Output) Validate(IEnumerable<MetadataChangeProposal> mcps)
    {
        var file = Path.Combine(Path.GetTempPath(), $"mlevents-conversion-pdl-{Guid.NewGuid():N}.json");
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
    /// <param name="finalState">Validate the aspects left after applying every MCP in order (PATCHes included) instead.</param>
    public static (int ExitCode, string Output) ValidateFile(string path, bool finalState = false)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(TestPaths.PdlValidator);
        if (finalState)
        {
            start.ArgumentList.Add("--final-state");
        }

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
