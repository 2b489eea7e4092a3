namespace MlEvents.Bench.Soak;

/// <summary><c>soak crash|outage|fuzz [options]</c>: long runs against the worker's own program; exit code 0 when nothing was lost.</summary>
internal static class SoakCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new FormatException("soak needs a kind: crash, outage or fuzz");
        }

        var kind = args[0];
        var options = SoakOptions.From(BenchArguments.Parse([.. args.Skip(1)], SoakOptions.Names));
        var command = $"dotnet run -c Release --project src/MlEvents.Bench -- soak {string.Join(' ', args)}{(args.Contains("--seed") ? "" : $" --seed {options.Seed}")}";
        var result = kind switch
        {
            "crash" => await CrashSoak.RunAsync(options, command, output, cancellationToken).ConfigureAwait(false),
            "outage" => await OutageSoak.RunAsync(options, command, output, cancellationToken).ConfigureAwait(false),
            "fuzz" => await FuzzSoak.RunAsync(options, command, output, cancellationToken).ConfigureAwait(false),
            _ => throw new FormatException($"unknown soak kind '{kind}' (crash, outage, fuzz)"),
        };
        result.Print(output);
        return result.Passed ? 0 : 1;
    }
}
