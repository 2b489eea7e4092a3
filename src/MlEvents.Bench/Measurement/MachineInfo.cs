using System.Runtime;
using System.Runtime.InteropServices;

namespace MlEvents.Bench.Measurement;

/// <summary>The machine line of a report: cores, RAM, OS, runtime, current load.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var ram = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024;
        return $"{Environment.ProcessorCount} cores, {ram:0.0} GiB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, "
            + $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC, load average {LoadAverage()}";
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }
}
