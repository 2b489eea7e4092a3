using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MlEvents.Reliability;

/// <summary>
/// src/MlEvents.Worker's built program (MlEvents.Worker.dll, copied next to the tests) running as its own OS process,
/// configured through command-line settings. <see cref="Kill"/> is SIGKILL; <see cref="Terminate"/> is SIGTERM.
/// </summary>
public sealed partial class WorkerProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var directory = AppContext.BaseDirectory;
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory, // the worker's appsettings.json is copied here
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, "MlEvents.Worker.dll"));
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight work and uncommitted offsets are simply gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }

        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the generic host stops the worker gracefully (drain, flush, commit, leave the group).</summary>
    public void Terminate()
    {
        if (!_process.HasExited && SendSignal(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>After the process exited: waits until everything it wrote has been captured in <see cref="Output"/>.</summary>
    public void WaitForOutput() => _process.WaitForExit();

    /// <summary>Polls <paramref name="condition"/> until it holds; fails when the process exits first or after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"worker exited (code {ExitCode}) while waiting for {what}:{Environment.NewLine}{Tail()}");
            }

            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}; worker output:{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>True once the worker logged its first partition assignment.</summary>
    public bool Assigned => _output.Any(line => line.Contains("Partitions assigned", StringComparison.Ordinal));

    public string Tail(int lines = 40) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // never started or already gone
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue($"[{_process.Id}] {line}");
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
