namespace MlEvents.Cli.Conventions;

/// <summary><c>key=value</c> flags and properties files; every problem is a <see cref="UsageException"/> naming the flag.</summary>
internal static class KeyValueText
{
    /// <summary>Repeated <c>name=value</c> flags as an ordered map (split at the first '='); a name given twice is refused.</summary>
    /// <remarks>With <paramref name="echoValues"/> false (settings that may be secrets) an error names the flag and position only.</remarks>
    public static Dictionary<string, string> Pairs(IEnumerable<string>? values, string flag, bool echoValues = true)
    {
        var position = 0;
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values ?? [])
        {
            position++;
            var separator = value.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                throw new UsageException(echoValues
                    ? $"{flag} '{value}': expected name=value"
                    : $"{flag} number {position}: expected name=value (its text is not shown: it may be a secret)");
            var name = value[..separator];
            if (!pairs.TryAdd(name, value[(separator + 1)..]))
                throw new UsageException($"{flag} '{name}' is given twice");
        }
        return pairs;
    }

    /// <summary>A librdkafka properties file: <c>key=value</c> lines, <c>#</c> comments (as kcat -F and Java clients use).</summary>
    public static Dictionary<string, string> PropertiesFile(string path, string flag)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{flag} '{path}': {e.Message}");
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                throw new UsageException($"{flag} '{path}' line {i + 1}: expected key=value");
            settings[line[..separator].Trim()] = line[(separator + 1)..].Trim();
        }
        return settings;
    }
}
