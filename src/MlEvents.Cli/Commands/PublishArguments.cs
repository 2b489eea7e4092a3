using System.Globalization;
using MlEvents.Cli.Conventions;
using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>Parses the text of publish flags; every problem is a <see cref="UsageException"/> naming the flag.</summary>
internal static class PublishArguments
{
    private const string DatasetUrnPrefix = "urn:li:dataset:(urn:li:dataPlatform:";

    /// <summary>Repeated <c>name=number</c> flags (invariant culture; NaN/Infinity parse and are then refused by validation).</summary>
    public static Dictionary<string, double> Numbers(IEnumerable<string>? values, string flag) =>
        KeyValueText.Pairs(values, flag).ToDictionary(
            pair => pair.Key,
            pair => double.TryParse(pair.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new UsageException($"{flag} '{pair.Key}={pair.Value}': '{pair.Value}' is not a number"),
            StringComparer.Ordinal);

    /// <summary>Epoch milliseconds, or an ISO 8601 time (UTC when it has no offset), e.g. 2026-11-23T10:15:00Z.</summary>
    public static long? Time(string? value, string flag)
    {
        if (value is null) return null;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)) return millis;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUnixTimeMilliseconds();
        throw new UsageException($"{flag} '{value}': expected epoch milliseconds or an ISO 8601 time such as 2026-11-23T10:15:00Z");
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
        throw new UsageException($"{flag} '{value}': expected platform:name (e.g. snowflake:db.schema.table) or urn:li:dataset:(urn:li:dataPlatform:<platform>,<name>,<ENV>)");
    }

    public static RunResult Result(string value, string flag) =>
        Enum.TryParse<RunResult>(value, ignoreCase: true, out var result) && Enum.IsDefined(result) && !int.TryParse(value, out _)
            ? result
            : throw new UsageException($"{flag} '{value}': expected one of {string.Join(", ", Enum.GetNames<RunResult>())}");
}
