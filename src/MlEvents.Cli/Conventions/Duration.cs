using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MlEvents.Cli.Conventions;

/// <summary>
/// The one duration style of the CLI: a number with a unit, <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, or parts of
/// them joined (<c>1m30s</c>); a bare number is seconds. Used by every duration flag through <see cref="DurationOption"/>.
/// </summary>
internal static partial class Duration
{
    public const string Expected = "expected a duration such as 500ms, 10s, 2m or 1h (a bare number is seconds)";

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryFrom(seconds * 1000, out duration);
        }

        var parts = Part().Matches(text);
        if (parts.Count == 0 || parts.Sum(p => p.Length) != text.Length) return false;
        var milliseconds = 0d;
        foreach (Match part in parts)
        {
            var number = double.Parse(part.Groups["number"].Value, CultureInfo.InvariantCulture);
            milliseconds += number * part.Groups["unit"].Value switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                _ => 3_600_000,
            };
        }

        return TryFrom(milliseconds, out duration);
    }

    /// <summary>The same style back: <c>10s</c>, <c>2m</c>, <c>1m30s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero) return "0s";
        var text = new StringBuilder();
        if (duration.Hours + (duration.Days * 24) > 0) text.Append(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h");
        if (duration.Minutes > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Minutes}m");
        if (duration.Seconds > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Seconds}s");
        if (duration.Milliseconds > 0) text.Append(CultureInfo.InvariantCulture, $"{duration.Milliseconds}ms");
        return text.ToString();
    }

    private static bool TryFrom(double milliseconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.IsNaN(milliseconds) || milliseconds > TimeSpan.FromDays(1).TotalMilliseconds) return false;
        duration = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
        return true;
    }

    [GeneratedRegex(@"(?<number>\d+(?:\.\d+)?)(?<unit>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}

/// <summary>A flag taking a <see cref="Duration"/>; a value that is not one, or not positive, is a usage error naming the flag.</summary>
internal sealed class DurationOption
{
    public DurationOption(string name, string description, TimeSpan defaultValue)
    {
        Default = defaultValue;
        Option = new Option<TimeSpan?>(name)
        {
            Description = $"{description} [default {Duration.Format(defaultValue)}]",
            HelpName = "duration",
            Recursive = true,
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(' ', result.Tokens.Select(t => t.Value));
                if (Duration.TryParse(token, out var duration) && duration > TimeSpan.Zero) return duration;
                result.AddError($"{name} '{token}': {Duration.Expected}");
                return null;
            },
        };
    }

    public Option<TimeSpan?> Option { get; }

    public TimeSpan Default { get; }

    public TimeSpan Value(ParseResult parseResult) => parseResult.GetValue(Option) ?? Default;
}
