using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MlEvents.Worker.Configuration;
using MlEvents.Worker.Startup;

namespace MlEvents.Worker;

/// <summary>Turns start-up failures (invalid settings, failed start-up checks) into the message Program prints instead of a stack trace.</summary>
public static class StartupFailure
{
    /// <summary>
    /// Runs the options validations registered with <c>ValidateOnStart</c> (every section at once) without starting anything;
    /// returns one line per missing or invalid setting, each once, or none.
    /// </summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception e) when (TryDescribe(e, out var message))
        {
            return message.Split(Environment.NewLine).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    public static bool TryDescribe(Exception exception, [NotNullWhen(true)] out string? message)
    {
        var parts = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : (IEnumerable<Exception>)[exception];
        var lines = new List<string>();
        foreach (var part in parts)
        {
            switch (part)
            {
                case OptionsValidationException invalid:
                    lines.AddRange(invalid.Failures.Select(f => "Invalid configuration: " + f));
                    break;
                case StartupCheckException failed:
                    lines.Add(failed.Message);
                    break;
                case InvalidOperationException bind when ConfigurationErrorText.IsConversionError(bind):
                    // Never the binder's own message: it quotes the value, which may be a secret.
                    lines.Add("Invalid configuration: " + ConfigurationErrorText.Describe(bind));
                    break;
                default:
                    message = null;
                    return false;
            }
        }

        message = string.Join(Environment.NewLine, lines);
        return lines.Count > 0;
    }
}
