using System.Globalization;
using MlEvents.Contracts;

namespace MlEvents.Bench.Workload;

/// <summary>
/// Which payload types a workload contains and in what proportion, e.g. <c>RunStarted=40,RunFinished=40,ModelRegistered=20</c>.
/// The sequence is deterministic: event <c>i</c> always has the same type for the same mix.
/// </summary>
public sealed class EventMix
{
    public const string Default = "RunStarted=40,RunFinished=40,ModelRegistered=20";

    public static readonly IReadOnlyList<string> SupportedTypes = [nameof(RunStarted), nameof(RunFinished), nameof(ModelRegistered)];

    private readonly string[] _pattern;

    private EventMix(IReadOnlyList<(string Type, int Weight)> weights)
    {
        Weights = weights;
        _pattern = Interleave(weights);
    }

    public IReadOnlyList<(string Type, int Weight)> Weights { get; }

    public string TypeOf(long index) => _pattern[index % _pattern.Length];

    public static EventMix Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var weights = new List<(string, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', StringSplitOptions.TrimEntries);
            var type = SupportedTypes.FirstOrDefault(t => string.Equals(t, pieces[0], StringComparison.OrdinalIgnoreCase))
                ?? throw new FormatException($"--mix: unknown event type '{pieces[0]}' (supported: {string.Join(", ", SupportedTypes)})");
            var weight = pieces.Length == 2 && int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
                ? w
                : throw new FormatException($"--mix: '{part}' is not Type=Weight with a whole weight");
            if (weight > 0)
            {
                weights.Add((type, weight));
            }
        }

        return weights.Count == 0 ? throw new FormatException("--mix: no event type with a positive weight") : new EventMix(weights);
    }

    public override string ToString() => string.Join(",", Weights.Select(w => $"{w.Type}={w.Weight}"));

    /// <summary>Spreads the types evenly over one period (smooth weighted round robin), so any window has the mix.</summary>
    private static string[] Interleave(IReadOnlyList<(string Type, int Weight)> weights)
    {
        var divisor = weights.Select(w => w.Weight).Aggregate(Gcd);
        var reduced = weights.Select(w => (w.Type, Weight: w.Weight / divisor)).ToArray();
        var total = reduced.Sum(w => w.Weight);
        var current = new int[reduced.Length];
        var pattern = new string[total];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < reduced.Length; i++)
            {
                current[i] += reduced[i].Weight;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            pattern[slot] = reduced[best].Type;
        }

        return pattern;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
