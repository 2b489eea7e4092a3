using System.Globalization;
using MlEvents.Reliability;

namespace MlEvents.Bench.Soak;

/// <summary>What a long run proves: every published event's MCPs arrived (lost = 0), with the duplicates counted.</summary>
public sealed record SoakResult(string Kind, int Seed, string Command)
{
    public long EventsPublished { get; set; }

    public DeliveryAccount? Account { get; set; }

    public long DeadLettered { get; set; }

    public int Kills { get; set; }

    public TimeSpan Outage { get; set; }

    public TimeSpan Elapsed { get; set; }

    public List<string> Notes { get; } = [];

    /// <summary>fuzz: dead letters are expected; the run fails instead when the worker's outcome differs from the translator's decisions.</summary>
    public bool DeadLettersExpected { get; set; }

    public bool Inconsistent { get; set; }

    /// <summary>Nothing lost, nothing made up, and nothing dead-lettered unless the inputs were meant to be.</summary>
    public bool Passed => Account is { Missing.Count: 0, Unexpected: 0 } && (DeadLettersExpected || DeadLettered == 0) && !Inconsistent;

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine($"== soak {Kind}: {(Passed ? "PASS" : "FAIL")} ==");
        output.WriteLine($"command          {Command}");
        output.WriteLine($"seed             {Seed} (replay: --seed {Seed})");
        output.WriteLine(string.Create(c, $"events published {EventsPublished:N0}"));
        if (Account is { } a)
        {
            output.WriteLine(string.Create(c, $"MCPs expected    {a.ExpectedMcps:N0}"));
            output.WriteLine(string.Create(c, $"MCPs arrived     {a.ReceivedMcps:N0}"));
            output.WriteLine(string.Create(c, $"MCPs lost        {a.Missing.Count:N0}"));
            output.WriteLine(string.Create(c, $"duplicates       {a.DuplicateCount:N0} copies ({a.Duplicated.Count:N0} MCPs, {a.DuplicatedEvents:N0} events)"));
            output.WriteLine(string.Create(c, $"unexpected MCPs  {a.Unexpected:N0}"));
            foreach (var missing in a.Missing.Take(10))
            {
                output.WriteLine($"  lost: {missing}");
            }
        }

        output.WriteLine(string.Create(c, $"dead-lettered    {DeadLettered:N0}"));
        output.WriteLine(string.Create(c, $"kills            {Kills}"));
        output.WriteLine(string.Create(c, $"outage           {Outage.TotalSeconds:F1} s"));
        output.WriteLine(string.Create(c, $"elapsed          {Elapsed.TotalSeconds:F1} s"));
        foreach (var note in Notes)
        {
            output.WriteLine($"note             {note}");
        }
    }
}
