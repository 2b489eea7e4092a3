using Microsoft.Extensions.Options;
using MlEvents.Conversion;

namespace MlEvents.Translation;

/// <summary>Start-up validation of section <c>Conversion</c> through <see cref="ConversionOptions.Validate"/>, with the settings' names.</summary>
public sealed class ConversionOptionsValidator : IValidateOptions<ConversionOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e =>
                $"{ConversionOptions.SectionName}:{e.Field} {e.Reason} (environment variable {ConversionOptions.SectionName}__{e.Field})."));
    }
}
