namespace MlEvents.Worker.Sink;

/// <summary>
/// The bodies DataHub's REST emitter posts, framed around proposals that are already JSON objects (the translator's
/// records): <c>json.dumps({"proposals": [...], "async": "false"})</c>, i.e. <c>", "</c> between items, byte for byte.
/// </summary>
public static class GmsRequestBody
{
    /// <summary><c>{"proposals": [p, p], "async": "false"}</c>.</summary>
    public static byte[] Batch(IReadOnlyCollection<ReadOnlyMemory<byte>> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ReadOnlySpan<byte> head = "{\"proposals\": ["u8;
        ReadOnlySpan<byte> separator = ", "u8;
        ReadOnlySpan<byte> tail = "], \"async\": \"false\"}"u8;
        var length = head.Length + tail.Length + (Math.Max(0, proposals.Count - 1) * separator.Length) + proposals.Sum(p => p.Length);
        var body = new byte[length];
        var span = body.AsSpan();
        head.CopyTo(span);
        var position = head.Length;
        var first = true;
        foreach (var proposal in proposals)
        {
            if (!first)
            {
                separator.CopyTo(span[position..]);
                position += separator.Length;
            }

            first = false;
            proposal.Span.CopyTo(span[position..]);
            position += proposal.Length;
        }

        tail.CopyTo(span[position..]);
        return body;
    }

    /// <summary>Bytes <see cref="Batch"/> adds around and between <paramref name="count"/> proposals.</summary>
    public static int Overhead(int count) => 35 + (Math.Max(0, count - 1) * 2);
}
