using System.Reflection;
using MlEvents.Contracts;

namespace MlEvents.Reliability;

/// <summary>
/// Structure-aware mutations: replaces 1–3 properties of an event (envelope, payload or dataset reference) with hostile
/// but encodable values, so the validator and the converter see what bytes-level mutations rarely reach.
/// </summary>
public sealed class EventMutator(Random random)
{
    private static readonly string[] Strings =
    [
        "", " ", "a", "a ", " a", "x,(y)", "(", ")", ",", "urn:li:corpuser:bob", "urn:li:", "urn:li:x", "urn:li:mlModel:(a,b,PROD)",
        "\u241F", "a\u0000b", "line\nbreak", "\u0085", "\ud83d\ude80 模型 ü", "\u202Eevil", "%2C%28", "a/b:c d", "mlflow", "PROD", "prod",
        "NaN", "../..", "s3://bucket/key", "http://", "https://example.com/x?y=(1),2", new string('x', 512), new string('y', 513),
        new string('z', 1025), new string('é', 20_000),
    ];

    private static readonly long[] Longs =
    [
        0, -1, 1, 1_700_000_000, EventLimits.MinEpochMillis - 1, EventLimits.MinEpochMillis, 1_700_000_000_000,
        EventLimits.MaxEpochMillis - 1, EventLimits.MaxEpochMillis, EventLimits.MicrosecondsThreshold, long.MaxValue, long.MinValue,
    ];

    private static readonly double[] Doubles = [0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue, -1e308, 0.9];

    public MlEvent Mutate(MlEvent mlEvent)
    {
        object current = mlEvent;
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            current = random.Next(3) == 0 ? MutateOne(current) : MutatePayload((MlEvent)current);
        }

        return (MlEvent)current;
    }

    private MlEvent MutatePayload(MlEvent mlEvent) => mlEvent with { Payload = (MlEventPayload)MutateOne(mlEvent.Payload) };

    private object MutateOne(object record)
    {
        var clone = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        var properties = clone.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.PropertyType != typeof(MlEventPayload)).ToList();
        var property = properties[random.Next(properties.Count)];
        property.SetValue(clone, ValueFor(property.PropertyType, property.GetValue(clone)));
        return clone;
    }

    private object? ValueFor(Type type, object? current)
    {
        if (type == typeof(string))
        {
            return Pick(Strings);
        }

        if (type == typeof(long) || type == typeof(long?))
        {
            return Pick(Longs);
        }

        if (type == typeof(RunResult))
        {
            return (RunResult)random.Next(4);
        }

        if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            return Keys().ToDictionary(k => k, _ => Pick(Strings));
        }

        if (type == typeof(IReadOnlyDictionary<string, double>))
        {
            return Keys().ToDictionary(k => k, _ => Pick(Doubles));
        }

        if (type == typeof(IReadOnlyList<string>))
        {
            return Enumerable.Range(0, random.Next(4)).Select(_ => Pick(Strings)).ToList();
        }

        if (type == typeof(IReadOnlyList<DatasetRef>))
        {
            var datasets = current as IReadOnlyList<DatasetRef> ?? [];
            var template = datasets.Count > 0 ? datasets[0] : new DatasetRef { Platform = "s3", Name = "bucket/key" };
            return Enumerable.Range(0, 1 + random.Next(3)).Select(_ => (DatasetRef)MutateOne(template)).ToList();
        }

        return current; // a type this mutator does not know: leave it
    }

    private IEnumerable<string> Keys() => Enumerable.Range(0, random.Next(4)).Select(_ => Pick(Strings)).Distinct(StringComparer.Ordinal);

    private T Pick<T>(T[] values) => values[random.Next(values.Length)];
}
