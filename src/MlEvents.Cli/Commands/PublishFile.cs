using MlEvents.Cli.Conventions;
using MlEvents.Contracts;

namespace MlEvents.Cli;

/// <summary>Reads the JSON form, one event per line (blank lines skipped); each bad line becomes an item with its reason.</summary>
internal static class PublishFile
{
    public static async Task<IReadOnlyList<PublishItem>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        TextReader reader;
        try
        {
            reader = path == "-" ? Console.In : new StreamReader(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UsageException($"--file '{path}': {e.Message}");
        }

        var items = new List<PublishItem>();
        using (path == "-" ? null : reader)
        {
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (!string.IsNullOrWhiteSpace(line)) items.Add(Parse(number, line));
            }
        }
        return items;
    }

    public static PublishItem Parse(int line, string json)
    {
        try
        {
            var mlEvent = MlEventJson.Parse(json);
            var errors = MlEventValidator.Validate(mlEvent);
            return errors.Count == 0
                ? new PublishItem(line, mlEvent, null)
                : new PublishItem(line, null, $"invalid event {mlEvent.EventId}: {string.Join("; ", errors)}");
        }
        catch (EventFormatException e)
        {
            return new PublishItem(line, null, e.Message);
        }
    }
}
