using System.Text.RegularExpressions;

namespace MlEvents.Worker.Configuration;

/// <summary>
/// Rewrites the configuration binder's conversion error without the value it quotes: a value set in the wrong place
/// may be a secret ("Failed to convert configuration value 'S3cr3t' at 'SchemaRegistry:RequestTimeoutMs' ...").
/// </summary>
public static partial class ConfigurationErrorText
{
    public const string BinderPrefix = "Failed to convert configuration value";

    public static bool IsConversionError(Exception exception) =>
        exception is InvalidOperationException && exception.Message.StartsWith(BinderPrefix, StringComparison.Ordinal);

    /// <summary>"&lt;path&gt; (environment variable &lt;PATH__WITH__UNDERSCORES&gt;) must be a &lt;type&gt;; the value given is not shown."</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // The value comes first and may contain anything, so read path and type from the end of the message.
        var match = PathAndType().Match(exception.Message);
        if (!match.Success)
        {
            return "a configuration value could not be converted to its setting's type (the value is not shown).";
        }

        var path = match.Groups["path"].Value;
        var type = match.Groups["type"].Value;
        var shortType = type[(type.LastIndexOf('.') + 1)..];
        return $"{path} (environment variable {path.Replace(":", "__", StringComparison.Ordinal)}) must be {Article(shortType)} {shortType}; the value given is not shown.";
    }

    private static string Article(string type) => "AEIOU".Contains(char.ToUpperInvariant(type.FirstOrDefault('x')), StringComparison.Ordinal) ? "an" : "a";

    [GeneratedRegex(@"at '(?<path>[^']*)' to type '(?<type>[^']*)'\.?\s*$", RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex PathAndType();
}
