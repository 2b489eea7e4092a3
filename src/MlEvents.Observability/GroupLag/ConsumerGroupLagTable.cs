using System.Globalization;
using System.Text;

namespace MlEvents.Observability.GroupLag;

/// <summary>Renders lag rows as the table <c>kafka-consumer-groups --describe</c> prints ("-" where nothing is committed).</summary>
public static class ConsumerGroupLagTable
{
    private static readonly string[] Headers = ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG"];

    public static string Render(string group, IEnumerable<GroupPartitionLag> rows)
    {
        var cells = new List<string[]> { Headers };
        cells.AddRange(rows
            .OrderBy(r => r.Topic, StringComparer.Ordinal).ThenBy(r => r.Partition)
            .Select(r => new[]
            {
                group,
                r.Topic,
                Format(r.Partition),
                r.CommittedOffset is { } c ? Format(c) : "-",
                Format(r.LogEndOffset),
                r.Lag is { } l ? Format(l) : "-",
            }));

        var widths = Enumerable.Range(0, Headers.Length).Select(i => cells.Max(row => row[i].Length)).ToArray();
        var builder = new StringBuilder();
        foreach (var row in cells)
        {
            for (var i = 0; i < row.Length; i++)
            {
                var last = i == row.Length - 1;
                builder.Append(last ? row[i] : row[i].PadRight(widths[i] + 1));
            }
            builder.Append('\n');
        }
        return builder.ToString();
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
