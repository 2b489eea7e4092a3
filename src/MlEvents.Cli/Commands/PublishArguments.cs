using System.Globalization;
using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>Parses the text of publish flags; every problem is a <see cref="PublishUsageException"/> naming the flag.</summary>
internal static class PublishArguments
{
    private const string DatasetUrnPrefix = "urn:li:dataset:(urn:li:dataPlatform:";

    /// <summary>Repeated <c>name=value</c> flags as an ordered map (split at the first '=').</summary>
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
                throw new PublishUsageException(echoValues
                    ? $"{flag} '{value}': expected name=value"
                    : $"{flag} number {position}: expected name=value (its text is not shown: it may be a secret)");
            var name = value[..separator];
            if (!pairs.TryAdd(name, value[(separator + 1)..]))
                throw new PublishUsageException($"{flag} '{name}' is given twice");
        }
        return pairs;
    }

    /// <summary>Repeated <c>name=number</c> flags (invariant culture; NaN/Infinity parse and are then refused by validation).</summary>
    public static Dictionary<string, double> Numbers(IEnumerable<string>? values, string flag) =>
        Pairs(values, flag).ToDictionary(
            pair => pair.Key,
            pair => double.TryParse(pair.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new PublishUsageException($"{flag} '{pair.Key}={pair.Value}': '{pair.Value}' is not a number"),
            StringComparer.Ordinal);

    /// <summary>Epoch milliseconds, or an ISO 8601 time (UTC when it has no offset), e.g. 2026-11-23T10:15:00Z.</summary>
    public static long? Time(string? value, string flag)
    {
        if (value is null) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)) return millis;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeMilliseconds();
        throw new PublishUsageException($"{flag} '{value}': expected epoch milliseconds or an ISO 8601 time such as 2026-11-23T10:15:00Z");
    }

    /// <summary>
    /// A dataset as <c>platform:name</c> (e.g. <c>snowflake:db.schema.table</c>, <c>s3:my-bucket/train.csv</c>) or as a
    /// DataHub URN <c>urn:li:dataset:(urn:li:dataPlatform:snowflake,db.schema.table,PROD)</c>.
    /// </summary>
    public static DatasetRef Dataset(string value, string flag)
    {
        if (value.StartsWith(DatasetUrnPrefix, StringComparison.Ordinal) && value.EndsWith(')'))
        {
            var inner = value[DatasetUrnPrefix.Length..^1];
            var first = inner.IndexOf(',', StringComparison.Ordinal);
            var last = inner.LastIndexOf(',');
            if (first > 0 && last > first)
                return new DatasetRef { Platform = inner[..first], Name = inner[(first + 1)..last], Environment = inner[(last + 1)..] };
        }
        else if (!value.StartsWith("urn:", StringComparison.Ordinal))
        {
            var separator = value.IndexOf(':', StringComparison.Ordinal);
            if (separator > 0 && separator < value.Length - 1)
                return new DatasetRef { Platform = value[..separator], Name = value[(separator + 1)..] };
        }
        throw new PublishUsageException($"{flag} '{value}': expected platform:name (e.g. snowflake:db.schema.table) or urn:li:dataset:(urn:li:dataPlatform:<platform>,<name>,<ENV>)");
    }

    public static RunResult Result(string value, string flag) =>
        Enum.TryParse<RunResult>(value, ignoreCase: true, out var result) && Enum.IsDefined(result) && !int.TryParse(value, out _)
            ? result
            : throw new PublishUsageException($"{flag} '{value}': expected one of {string.Join(", ", Enum.GetNames<RunResult>())}");

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
            throw new PublishUsageException($"{flag} '{path}': {e.Message}");
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
                throw new PublishUsageException($"{flag} '{path}' line {i + 1}: expected key=value");
            settings[line[..separator].Trim()] = line[(separator + 1)..].Trim();
        }
        return settings;
    }
}
