using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Rejections;

public sealed class RejectionMonitorOptionsValidator : IValidateOptions<RejectionMonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, RejectionMonitorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Topic))
            {
                errors.Add($"{RejectionMonitorOptions.SectionName}:Topic is required when {RejectionMonitorOptions.SectionName}:Enabled is true (DataHub's default: {RejectionMonitorOptions.DefaultTopic}).");
            }

            if (string.IsNullOrWhiteSpace(options.GroupId))
            {
                errors.Add($"{RejectionMonitorOptions.SectionName}:GroupId is required when {RejectionMonitorOptions.SectionName}:Enabled is true.");
            }
        }

        if (!Enum.IsDefined(options.StartFrom))
        {
            errors.Add($"{RejectionMonitorOptions.SectionName}:StartFrom must be Latest or Earliest.");
        }

        if (options.MaxErrorLength is < 20 or > 10_000)
        {
            errors.Add($"{RejectionMonitorOptions.SectionName}:MaxErrorLength must be between 20 and 10000 (was {options.MaxErrorLength}).");
        }

        if (options.RetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{RejectionMonitorOptions.SectionName}:RetryDelay must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
