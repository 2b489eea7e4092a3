using System.CommandLine;

namespace MlEvents.Cli.Conventions;

/// <summary>A flag's value, else its environment variable (every connection flag has one: MLEVENTS_ + the flag's name).</summary>
internal static class FlagOrVariable
{
    public static string? Value(ParseResult parseResult, Option<string> option, string variable)
    {
        var value = parseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(value)) value = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The problem line of a required flag that is neither given nor in its variable.</summary>
    public static string Missing(Option option, string variable) => $"{option.Name} is required (or set {variable})";
}
