using MlEvents.Contracts;

namespace MlEvents.DevHost.Embedded;

/// <summary>Reads a JSON-lines file of events (one event in its JSON form per line; blank lines ignored).</summary>
public static class EventsFile
{
    /// <exception cref="FormatException">A line is not a valid event; the message names the file and line.</exception>
    public static IReadOnlyList<MlEvent> Read(string path)
    {
        var events = new List<MlEvent>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                events.Add(MlEventJson.Parse(line));
            }
            catch (Exception e) when (e is EventFormatException or System.Text.Json.JsonException)
            {
                throw new FormatException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }

        return events;
    }
}
