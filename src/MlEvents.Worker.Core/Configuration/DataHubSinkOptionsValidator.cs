using Microsoft.Extensions.Options;

namespace MlEvents.Worker.Configuration;

public sealed class DataHubSinkOptionsValidator : IValidateOptions<DataHubSinkOptions>
{
    /// <summary>GMS refuses request bodies above 16,000,000 bytes (DataHub's emitters keep under 15 MB).</summary>
    public const int MaxRequestBytes = 15 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, DataHubSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Sink))
        {
            return ValidateOptionsResult.Fail($"DataHub:Sink must be Kafka or Rest (environment variable DataHub__Sink), got {(int)options.Sink}.");
        }

        if (options.Sink != McpSink.Rest)
        {
            return ValidateOptionsResult.Success;
        }

        var rest = options.Rest;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(rest.ServerUrl))
        {
            failures.Add("DataHub:Rest:ServerUrl is required with DataHub:Sink=Rest (environment variable DataHub__Rest__ServerUrl), e.g. http://datahub-gms:8080.");
        }
        else if (!Uri.TryCreate(rest.ServerUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            failures.Add("DataHub:Rest:ServerUrl (environment variable DataHub__Rest__ServerUrl) must be an http:// or https:// URL without user info or query, e.g. http://datahub-gms:8080 (the value given is not shown).");
        }

        if (!string.IsNullOrEmpty(rest.Token) && !string.IsNullOrEmpty(rest.TokenFile))
        {
            failures.Add($"Set the GMS token once: DataHub:Rest:Token ({DataHubSinkOptions.TokenVariable}) or DataHub:Rest:TokenFile ({DataHubSinkOptions.TokenFileVariable}), not both.");
        }
        else if (!string.IsNullOrEmpty(rest.TokenFile) && !File.Exists(rest.TokenFile))
        {
            failures.Add($"DataHub:Rest:TokenFile ({DataHubSinkOptions.TokenFileVariable}) names a file that does not exist: {rest.TokenFile}.");
        }

        if (rest.Token is { } token && token.Any(char.IsControl))
        {
            failures.Add($"DataHub:Rest:Token ({DataHubSinkOptions.TokenVariable}) contains control characters (a line break?); the value is not shown.");
        }

        if (rest.MaxBatchMcps is < 1 or > 10_000)
        {
            failures.Add($"DataHub:Rest:MaxBatchMcps must be between 1 and 10000, got {rest.MaxBatchMcps}.");
        }

        if (rest.MaxBatchBytes is < 1024 or > MaxRequestBytes)
        {
            failures.Add($"DataHub:Rest:MaxBatchBytes must be between 1024 and {MaxRequestBytes}, got {rest.MaxBatchBytes}.");
        }

        if (rest.MaxConcurrentRequests is < 1 or > 256)
        {
            failures.Add($"DataHub:Rest:MaxConcurrentRequests must be between 1 and 256, got {rest.MaxConcurrentRequests}.");
        }

        if (rest.Linger < TimeSpan.Zero || rest.Linger > TimeSpan.FromSeconds(1))
        {
            failures.Add($"DataHub:Rest:Linger must be between 00:00:00 and 00:00:01, got {rest.Linger}.");
        }

        RequirePositive(failures, nameof(rest.RequestTimeout), rest.RequestTimeout);
        RequirePositive(failures, nameof(rest.ConnectTimeout), rest.ConnectTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"DataHub:Rest:{setting} must be a positive duration (e.g. \"00:00:10\"), got {value}.");
        }
    }
}
