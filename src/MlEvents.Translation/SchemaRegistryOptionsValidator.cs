using Confluent.SchemaRegistry;
using Microsoft.Extensions.Options;

namespace MlEvents.Translation;

/// <summary>Start-up validation of <see cref="SchemaRegistryOptions"/>; messages name the setting and its environment variable, never a secret's value.</summary>
public sealed class SchemaRegistryOptionsValidator : IValidateOptions<SchemaRegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, SchemaRegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateUrls(failures, options.Url ?? "");

        if (options.BasicAuthUserInfo is { Length: > 0 } userInfo && !userInfo.Contains(':', StringComparison.Ordinal))
        {
            failures.Add("SchemaRegistry:BasicAuthUserInfo must have the form \"user:password\" (environment variable SchemaRegistry__BasicAuthUserInfo).");
        }

        ValidateBearerAuth(failures, options);
        RequirePositive(failures, nameof(options.RequestTimeoutMs), options.RequestTimeoutMs);
        RequirePositive(failures, nameof(options.MaxCachedSchemas), options.MaxCachedSchemas);
        RequirePositive(failures, nameof(options.RetriesWaitMs), options.RetriesWaitMs);
        RequirePositive(failures, nameof(options.RetriesMaxWaitMs), options.RetriesMaxWaitMs);
        if (options.MaxRetries < 1)
        {
            // Confluent's client 2.16 sends no request at all with 0 and fails with a NullReferenceException.
            failures.Add($"SchemaRegistry:MaxRetries must be 1 or more, got {options.MaxRetries} (environment variable SchemaRegistry__MaxRetries).");
        }

        RequireFile(failures, nameof(options.SslCaLocation), options.SslCaLocation);
        RequireFile(failures, nameof(options.SslKeystoreLocation), options.SslKeystoreLocation);
        if (options.UseLatestVersion && options.AutoRegisterSchemas)
        {
            failures.Add("SchemaRegistry:UseLatestVersion=true needs SchemaRegistry:AutoRegisterSchemas=false "
                + "(environment variables SchemaRegistry__UseLatestVersion, SchemaRegistry__AutoRegisterSchemas).");
        }

        if (options.SubjectNameStrategy is not (SubjectNameStrategy.Topic or SubjectNameStrategy.Record or SubjectNameStrategy.TopicRecord or SubjectNameStrategy.Associated))
        {
            failures.Add($"SchemaRegistry:SubjectNameStrategy must be Topic, Record, TopicRecord or Associated, got {options.SubjectNameStrategy}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateUrls(List<string> failures, string urls)
    {
        if (string.IsNullOrWhiteSpace(urls))
        {
            failures.Add("SchemaRegistry:Url is required (environment variable SchemaRegistry__Url), e.g. \"http://schema-registry:8081\" "
                + "or DataHub GMS's own registry \"http://datahub-gms:8080/schema-registry/api\".");
            return;
        }

        var entries = urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < entries.Length; i++)
        {
            var url = entries[i];
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                // Not even part of it is shown: a malformed URL may carry credentials anywhere.
                failures.Add($"SchemaRegistry:Url entry {i + 1} of {entries.Length} is not an absolute http(s) URL (environment variable SchemaRegistry__Url; the value given is not shown).");
            }
            else if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                failures.Add("SchemaRegistry:Url must not carry credentials; use SchemaRegistry:BasicAuthUserInfo (environment variable SchemaRegistry__BasicAuthUserInfo).");
            }
        }
    }

    // Confluent's client sends a bearer token only with BearerAuthCredentialsSource set, and refuses basic + bearer.
    private static void ValidateBearerAuth(List<string> failures, SchemaRegistryOptions options)
    {
        var hasToken = !string.IsNullOrEmpty(options.BearerAuthToken);
        if (options.BearerAuthCredentialsSource is null)
        {
            if (hasToken)
            {
                failures.Add("SchemaRegistry:BearerAuthToken is set but SchemaRegistry:BearerAuthCredentialsSource is not: set it to StaticToken "
                    + "(environment variable SchemaRegistry__BearerAuthCredentialsSource).");
            }

            return;
        }

        // Other sources (Confluent's OAuthBearer, ...) carry their own settings and are checked by the client.
        if (options.BearerAuthCredentialsSource == BearerAuthCredentialsSource.StaticToken && !hasToken)
        {
            failures.Add("SchemaRegistry:BearerAuthCredentialsSource=StaticToken needs SchemaRegistry:BearerAuthToken (environment variable SchemaRegistry__BearerAuthToken).");
        }

        if (!string.IsNullOrEmpty(options.BasicAuthUserInfo))
        {
            failures.Add("SchemaRegistry:BasicAuthUserInfo and SchemaRegistry:BearerAuthCredentialsSource cannot both be set: choose basic or bearer authentication.");
        }
    }

    private static void RequirePositive(List<string> failures, string setting, int? value)
    {
        if (value <= 0)
        {
            failures.Add($"SchemaRegistry:{setting} must be positive, got {value} (environment variable SchemaRegistry__{setting}).");
        }
    }

    private static void RequireFile(List<string> failures, string setting, string? path)
    {
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
        {
            failures.Add($"SchemaRegistry:{setting} \"{path}\" does not exist (environment variable SchemaRegistry__{setting}).");
        }
    }
}
