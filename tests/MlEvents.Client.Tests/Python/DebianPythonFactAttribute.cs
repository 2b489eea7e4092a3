using System.Diagnostics;
using MlEvents.Tests.Shared;

namespace MlEvents.Client.Tests.Python;

/// <summary>
/// A fact running the Python recipe with Debian's /usr/bin/python3: skipped, naming the packages and their install
/// command, where python3-confluent-kafka or python3-avro is missing; required when CI=true (.ci/run installs them).
/// </summary>
public sealed class DebianPythonFactAttribute() : RequiredInCiFactAttribute(Missing.Value)
{
    public const string Python = "/usr/bin/python3";
    public const string InstallCommand = "apt-get install python3-confluent-kafka python3-avro";

    private static readonly Lazy<string?> Missing = new(Probe);

    private static string? Probe()
    {
        if (!File.Exists(Python)) return $"{Python} is missing (Debian's python3 with python3-confluent-kafka and python3-avro: {InstallCommand})";
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "import confluent_kafka, avro" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            return $"{Python} did not import confluent_kafka and avro within 30 s";
        }

        return process.ExitCode == 0
            ? null
            : $"Debian's python3-confluent-kafka and python3-avro are needed by {Python} ({error.Result.Trim().Split('\n')[^1]}); install: {InstallCommand}";
    }
}
