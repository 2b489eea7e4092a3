using Microsoft.Extensions.Options;
using MlEvents.Conversion;

namespace MlEvents.Worker.Translation;

/// <summary>Start-up validation of section <c>Conversion</c> (unknown enum numbers slip through the binder).</summary>
public sealed class ConversionOptionsValidator : IValidateOptions<ConversionOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.WriteMode))
        {
            failures.Add($"Conversion:WriteMode must be one of {string.Join(", ", Enum.GetNames<WriteMode>())}, got {options.WriteMode} (environment variable Conversion__WriteMode).");
        }

        if (!Enum.IsDefined(options.UrnStyle))
        {
            failures.Add($"Conversion:UrnStyle must be one of {string.Join(", ", Enum.GetNames<UrnStyle>())}, got {options.UrnStyle} (environment variable Conversion__UrnStyle).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
