using System.Collections;
using Avro;
using Avro.Generic;
using MlEvents.Contracts.Collections;

namespace MlEvents.Contracts.AvroMapping;

/// <summary>Typed, path-aware access to the fields of one GenericRecord through its cached <see cref="FieldLayout"/>.</summary>
internal readonly struct AvroRecordReader
{
    private readonly GenericRecord _record;
    private readonly FieldLayout _layout;
    private readonly string _pathPrefix;
    private readonly int _itemIndex;

    /// <param name="pathPrefix">Prefix of field paths in errors: "", "payload.", or an array's path when <paramref name="itemIndex"/> ≥ 0.</param>
    /// <param name="itemIndex">Index of this record in the array at <paramref name="pathPrefix"/>; -1 when not in an array.</param>
    public AvroRecordReader(GenericRecord record, FieldLayout layout, string pathPrefix, int itemIndex = -1)
    {
        _record = record;
        _layout = layout;
        _pathPrefix = pathPrefix;
        _itemIndex = itemIndex;
    }

    public string RequiredString(int slot) => Required(slot) is string s ? s : throw WrongType(slot, "string");

    public string? OptionalString(int slot) => Optional(slot) switch
    {
        null => null,
        string s => s,
        _ => throw WrongType(slot, "null or string"),
    };

    public long RequiredLong(int slot) => Required(slot) switch
    {
        long l => l,
        int i => i,
        _ => throw WrongType(slot, "long"),
    };

    public long? OptionalLong(int slot) => Optional(slot) switch
    {
        null => null,
        long l => l,
        int i => i,
        _ => throw WrongType(slot, "null or long"),
    };

    public RunResult Result(int slot)
    {
        var symbol = Required(slot) switch
        {
            GenericEnum e => e.Value,
            string s => s,
            _ => throw WrongType(slot, "RunResult enum"),
        };
        return symbol switch
        {
            nameof(RunResult.SUCCESS) => RunResult.SUCCESS,
            nameof(RunResult.FAILURE) => RunResult.FAILURE,
            nameof(RunResult.SKIPPED) => RunResult.SKIPPED,
            nameof(RunResult.UP_FOR_RETRY) => RunResult.UP_FOR_RETRY,
            _ => throw new EventFormatException(PathOf(slot), $"unknown RunResult symbol '{symbol}'"),
        };
    }

    public ValueMap<string> StringMap(int slot) => Map(slot, "string", static value => (value is string, value as string ?? ""));

    public ValueMap<double> DoubleMap(int slot) => Map(slot, "double", static value => value switch
    {
        double d => (true, d),
        float f => (true, f),
        long l => (true, l),
        int i => (true, i),
        _ => (false, 0d),
    });

    public ValueMap<long> LongMap(int slot) => Map(slot, "long", static value => value switch
    {
        long l => (true, l),
        int i => (true, i),
        _ => (false, 0L),
    });

    private ValueMap<T> Map<T>(int slot, string valueType, Func<object?, (bool Ok, T Value)> convert)
    {
        if (Optional(slot) is not { } raw) return ValueMap<T>.Empty;
        if (raw is not IDictionary map) throw WrongType(slot, $"map of {valueType}");
        if (map.Count == 0) return ValueMap<T>.Empty;
        var result = new Dictionary<string, T>(map.Count, StringComparer.Ordinal);
        if (raw is Dictionary<string, object> typed) // what Apache.Avro's reader makes: enumerated without boxing each entry
        {
            foreach (var (key, value) in typed)
            {
                result[key] = MapValue(slot, key, value, valueType, convert);
            }
        }
        else
        {
            foreach (DictionaryEntry entry in map)
            {
                var key = (string)entry.Key;
                result[key] = MapValue(slot, key, entry.Value, valueType, convert);
            }
        }
        return ValueMap<T>.Wrap(result);
    }

    private T MapValue<T>(int slot, string key, object? value, string valueType, Func<object?, (bool Ok, T Value)> convert)
    {
        var (ok, converted) = convert(value);
        return ok ? converted : throw new EventFormatException($"{PathOf(slot)}.{key}", $"expected {valueType} value");
    }

    public ValueList<string> RequiredStringList(int slot)
    {
        Required(slot);
        return StringList(slot);
    }

    public ValueList<string> StringList(int slot)
    {
        if (Optional(slot) is not { } raw) return ValueList<string>.Empty;
        if (raw is not IList list) throw WrongType(slot, "array of string");
        if (list.Count == 0) return ValueList<string>.Empty;
        var result = new string[list.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = list[i] as string ?? throw new EventFormatException($"{PathOf(slot)}[{i}]", "expected string item");
        }
        return ValueList<string>.Wrap(result);
    }

    public ValueList<DatasetRef> Datasets(int slot)
    {
        if (Optional(slot) is not { } raw) return ValueList<DatasetRef>.Empty;
        if (raw is not IList list) throw WrongType(slot, "array of DatasetRef");
        if (list.Count == 0) return ValueList<DatasetRef>.Empty;
        var result = new DatasetRef[list.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (list[i] is not GenericRecord item) throw new EventFormatException($"{PathOf(slot)}[{i}]", "expected a DatasetRef record");
            var layout = FieldLayout.Of(item.Schema);
            if (layout.Kind != RecordKind.DatasetRef)
            {
                throw new EventFormatException($"{PathOf(slot)}[{i}]", $"expected a DatasetRef record, got {item.Schema.Fullname}");
            }
            // The item's path is only built when reporting an error.
            var r = new AvroRecordReader(item, layout, PathOf(slot), i);
            result[i] = new DatasetRef
            {
                Platform = r.RequiredString((int)DatasetRefField.platform),
                Name = r.RequiredString((int)DatasetRefField.name),
                Environment = r.OptionalString((int)DatasetRefField.environment),
                PlatformInstance = r.OptionalString((int)DatasetRefField.platformInstance),
            };
        }
        return ValueList<DatasetRef>.Wrap(result);
    }

    public GenericRecord RequiredRecord(int slot) => Required(slot) as GenericRecord ?? throw WrongType(slot, "record");

    public string PathOf(int slot) => _itemIndex < 0
        ? _pathPrefix + _layout.FieldNames[slot]
        : $"{_pathPrefix}[{_itemIndex}].{_layout.FieldNames[slot]}";

    private object? Required(int slot)
    {
        var pos = _layout.Positions[slot];
        if (pos < 0) throw new EventFormatException(PathOf(slot), $"required field is missing from the record schema {_record.Schema.Fullname}");
        return _record.GetValue(pos) ?? throw new EventFormatException(PathOf(slot), "required field is null");
    }

    // A field the reader schema lacks reads as its default (null / empty).
    private object? Optional(int slot)
    {
        var pos = _layout.Positions[slot];
        return pos < 0 ? null : _record.GetValue(pos);
    }

    private EventFormatException WrongType(int slot, string expected)
    {
        var pos = _layout.Positions[slot];
        var actual = pos < 0 ? null : _record.GetValue(pos);
        return new EventFormatException(PathOf(slot), $"expected {expected}, got {actual?.GetType().Name ?? "null"}");
    }
}
