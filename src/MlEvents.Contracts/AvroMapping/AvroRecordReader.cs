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

    public ValueMap<string> StringMap(int slot)
    {
        if (Optional(slot) is not { } raw) return ValueMap<string>.Empty;
        if (raw is not IDictionary map) throw WrongType(slot, "map of string");
        if (map.Count == 0) return ValueMap<string>.Empty;
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            var key = (string)entry.Key;
            result[key] = entry.Value as string ?? throw new EventFormatException($"{PathOf(slot)}.{key}", "expected string value");
        }
        return ValueMap<string>.Wrap(result);
    }

    public ValueMap<double> DoubleMap(int slot)
    {
        if (Optional(slot) is not { } raw) return ValueMap<double>.Empty;
        if (raw is not IDictionary map) throw WrongType(slot, "map of double");
        if (map.Count == 0) return ValueMap<double>.Empty;
        var result = new Dictionary<string, double>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            var key = (string)entry.Key;
            result[key] = entry.Value switch
            {
                double d => d,
                float f => f,
                long l => l,
                int i => i,
                _ => throw new EventFormatException($"{PathOf(slot)}.{key}", "expected double value"),
            };
        }
        return ValueMap<double>.Wrap(result);
    }

    public ValueMap<long> LongMap(int slot)
    {
        if (Optional(slot) is not { } raw) return ValueMap<long>.Empty;
        if (raw is not IDictionary map) throw WrongType(slot, "map of long");
        if (map.Count == 0) return ValueMap<long>.Empty;
        var result = new Dictionary<string, long>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            var key = (string)entry.Key;
            result[key] = entry.Value switch
            {
                long l => l,
                int i => i,
                _ => throw new EventFormatException($"{PathOf(slot)}.{key}", "expected long value"),
            };
        }
        return ValueMap<long>.Wrap(result);
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
