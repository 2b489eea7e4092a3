using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using MlEvents.Worker.Pipeline;

namespace MlEvents.Integration.Tests.Worker;

/// <summary>
/// A translator with scripted behaviour, driven by the input value:
/// "a|b|c" → one record per part (key "urn:li:test:{part}", value "{inputKey}#{part}");
/// "poison" → Poison; "crash" → throws a permanent exception; "transient:N|a" → throws <see cref="TransientException"/>
/// N times, then translates "a"; "hostile:N" → Poison with a reason of N characters full of line breaks, ANSI escapes
/// and bidirectional marks (<see cref="HostileReason"/>); "block|a" → waits for <see cref="Release"/>; "big|a" → "a" plus one oversized record.
/// </summary>
public sealed class TestTranslator : IEventTranslator
{
    public const int BigRecordBytes = 200_000;

    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _translated;

    /// <summary>Optional delay per event, to keep a stream "in the middle" long enough to stop or rebalance it.</summary>
    public TimeSpan DelayPerEvent { get; init; }

    public int Translated => Volatile.Read(ref _translated);

    public int TransientFailuresThrown => _attempts.Values.Sum();

    public void Release() => _released.TrySetResult();

    public static string UrnFor(string part) => $"urn:li:test:{part}";

    public static string ValueFor(string inputKey, string part) => $"{inputKey}#{part}";

    /// <summary>What a hostile map key copied into a validation reason looks like: it tries to forge a log line.</summary>
    public const string ForgedLine = "\r\n\u001b[2K\u001b[1Gwarn: MlEvents.Worker.Pipeline.EventPipeline[141]\n      Worker stopped\u2028\u202e\u0085";

    public static string HostileReason(int length)
    {
        var builder = new StringBuilder("payload.hyperParams key '");
        while (builder.Length < length)
        {
            builder.Append(ForgedLine).Append("x\u200fy\u0000z");
        }

        return builder.ToString(0, length);
    }

    public async ValueTask<TranslationResult> TranslateAsync(ConsumeResult<byte[]?, byte[]?> input, CancellationToken cancellationToken)
    {
        if (DelayPerEvent > TimeSpan.Zero)
        {
            await Task.Delay(DelayPerEvent, cancellationToken);
        }

        var key = input.Message.Key is null ? "" : Encoding.UTF8.GetString(input.Message.Key);
        var value = input.Message.Value is null ? "" : Encoding.UTF8.GetString(input.Message.Value);
        var parts = value.Split('|');
        var extra = new List<OutgoingRecord>();
        switch (parts[0])
        {
            case "poison":
                Interlocked.Increment(ref _translated);
                return TranslationResult.Poison("validate", "scripted poison event");
            case var command when command.StartsWith("hostile:", StringComparison.Ordinal):
                Interlocked.Increment(ref _translated);
                return TranslationResult.Poison("validate", HostileReason(int.Parse(command["hostile:".Length..], System.Globalization.CultureInfo.InvariantCulture)));
            case "crash":
                throw new InvalidOperationException("scripted permanent exception");
            case var command when command.StartsWith("transient:", StringComparison.Ordinal):
                var failures = int.Parse(command["transient:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var coordinates = $"{input.Topic}/{input.Partition.Value}/{input.Offset.Value}";
                if (_attempts.GetOrAdd(coordinates, 0) < failures)
                {
                    _attempts.AddOrUpdate(coordinates, 1, (_, n) => n + 1);
                    throw new TransientException($"scripted transient failure for {coordinates}");
                }

                parts = parts[1..];
                break;
            case "block":
                await _released.Task.WaitAsync(cancellationToken);
                parts = parts[1..];
                break;
            case "big":
                extra.Add(new OutgoingRecord(UrnFor("big"), new byte[BigRecordBytes]));
                parts = parts[1..];
                break;
        }

        Interlocked.Increment(ref _translated);
        var records = parts.Where(p => p.Length > 0).Select(p => new OutgoingRecord(UrnFor(p), Encoding.UTF8.GetBytes(ValueFor(key, p)))).ToList();
        records.AddRange(extra);
        return TranslationResult.Success(records);
    }
}
