using System.Collections;
using Avro;
using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using Newtonsoft.Json.Linq;
using AvroSchema = Avro.Schema;

namespace MlEvents.SchemaRegistry;

/// <summary>Writes one value to an encoder.</summary>
internal delegate void ValueWriter(object? value, Encoder encoder);

/// <summary>
/// Compiles a writer that encodes data shaped by a <em>source</em> schema (the one the record was built with) as the
/// <em>target</em> schema (the one the registry id denotes). Fields are matched by name (and aliases) recursively
/// through records, arrays, maps and unions; target fields the source lacks are written from their defaults (or the
/// null branch of a nullable union); int/long/float promotions and string/bytes are converted.
/// Also used when both schemas are identical: it reads fields by position and allocates nothing per value, unlike
/// Apache.Avro's GenericDatumWriter (which is still used for logical types). All schema analysis happens once, in <see cref="Compile"/>; the returned delegate does no lookups by name.
/// </summary>
/// <remarks>Apache.Avro's GenericDatumWriter reads record fields by name from the record's own schema, so a record
/// built with a smaller schema cannot be written by it with a larger writer schema; hence this compiler.</remarks>
internal sealed class SchemaConformer
{
    private sealed class Slot { public ValueWriter? Writer; }

    private readonly Dictionary<(AvroSchema Target, AvroSchema Source), Slot> _compiled = new(new PairComparer());

    public static ValueWriter Compile(AvroSchema target, AvroSchema source) => new SchemaConformer().Build(target, source, "$");

    private ValueWriter Build(AvroSchema target, AvroSchema source, string path)
    {
        if (_compiled.TryGetValue((target, source), out var slot))
            return slot.Writer ?? ((v, e) => slot.Writer!(v, e)); // recursive type: bind late
        slot = new Slot();
        _compiled[(target, source)] = slot;
        slot.Writer = BuildCore(target, source, path);
        return slot.Writer;
    }

    private ValueWriter BuildCore(AvroSchema target, AvroSchema source, string path)
    {
        if ((target is LogicalSchema || source is LogicalSchema) && AvroCanonical.Same(target, source))
        {
            // Logical values (DateTime, decimal, Guid...) need Apache.Avro's conversions; the bytes are the same either way.
            var logical = new GenericDatumWriter<object?>(source);
            return logical.Write;
        }
        if (target is UnionSchema targetUnion) return BuildToUnion(targetUnion, source, path);
        if (source is UnionSchema sourceUnion) return BuildFromUnion(target, sourceUnion, path);

        var t = Base(target);
        var s = Base(source);
        return (t, s) switch
        {
            (RecordSchema tr, RecordSchema sr) => BuildRecord(tr, sr, path),
            (ArraySchema ta, ArraySchema sa) => BuildArray(Build(ta.ItemSchema, sa.ItemSchema, path + "[]")),
            (MapSchema tm, MapSchema sm) => BuildMap(Build(tm.ValueSchema, sm.ValueSchema, path + "{}")),
            (EnumSchema te, EnumSchema se) => BuildEnum(te, se, path),
            (FixedSchema tf, FixedSchema sf) when tf.Size == sf.Size => (v, e) => e.WriteFixed(((GenericFixed)v!).Value),
            _ when t.Tag == s.Tag && t is PrimitiveSchema => PrimitiveWriter(t.Tag, path),
            _ => BuildPromotion(t, s, path),
        };
    }

    private ValueWriter BuildPromotion(AvroSchema target, AvroSchema source, string path) => (target.Tag, source.Tag) switch
    {
        (AvroSchema.Type.Long, AvroSchema.Type.Int) => (v, e) => e.WriteLong((int)v!),
        (AvroSchema.Type.Float, AvroSchema.Type.Int) => (v, e) => e.WriteFloat((int)v!),
        (AvroSchema.Type.Float, AvroSchema.Type.Long) => (v, e) => e.WriteFloat((long)v!),
        (AvroSchema.Type.Double, AvroSchema.Type.Int) => (v, e) => e.WriteDouble((int)v!),
        (AvroSchema.Type.Double, AvroSchema.Type.Long) => (v, e) => e.WriteDouble((long)v!),
        (AvroSchema.Type.Double, AvroSchema.Type.Float) => (v, e) => e.WriteDouble((float)v!),
        (AvroSchema.Type.Bytes, AvroSchema.Type.String) => (v, e) => e.WriteBytes(System.Text.Encoding.UTF8.GetBytes((string)v!)),
        (AvroSchema.Type.String, AvroSchema.Type.Bytes) => (v, e) => e.WriteString(System.Text.Encoding.UTF8.GetString((byte[])v!)),
        _ => throw Incompatible(path, $"record has {Describe(source)} where the registry schema has {Describe(target)}"),
    };

    private ValueWriter BuildRecord(RecordSchema target, RecordSchema source, string path)
    {
        var steps = new ValueWriter[target.Fields.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var field = target.Fields[i];
            var fieldPath = $"{path}.{field.Name}";
            var sourceField = FindSourceField(source, field);
            if (sourceField is not null)
            {
                var write = Build(field.Schema, sourceField.Schema, fieldPath);
                var pos = sourceField.Pos;
                var name = sourceField.Name;
                steps[i] = (record, e) => write(GetField(record!, source, pos, name, fieldPath), e);
            }
            else
            {
                var encoded = EncodeDefault(field, fieldPath);
                steps[i] = (_, e) => e.WriteFixed(encoded);
            }
        }
        return (record, e) =>
        {
            if (record is null) throw new AvroException($"Null record at {path}.");
            foreach (var step in steps) step(record, e);
        };
    }

    private static Field? FindSourceField(RecordSchema source, Field target)
    {
        if (source.TryGetField(target.Name, out var f)) return f;
        if (target.Aliases is { } aliases)
            foreach (var alias in aliases)
                if (source.TryGetField(alias, out f)) return f;
        return source.TryGetFieldAlias(target.Name, out f) ? f : null;
    }

    private static object? GetField(object record, RecordSchema compiledFor, int pos, string name, string path)
    {
        switch (record)
        {
            case GenericRecord g when ReferenceEquals(g.Schema, compiledFor):
                return g.GetValue(pos);
            case GenericRecord g: // built from another instance of the schema: positions may differ, names do not
                return g.TryGetValue(name, out var value) ? value : throw new AvroException($"Record {g.Schema.Fullname} at {path} has no field '{name}'.");
            case ISpecificRecord sr:
                return sr.Get(pos);
            default:
                throw new AvroException($"Expected a GenericRecord or ISpecificRecord at {path} but found {record.GetType()}.");
        }
    }

    private static ValueWriter PrimitiveWriter(AvroSchema.Type tag, string path) => tag switch
    {
        AvroSchema.Type.Null => (v, _) => { if (v is not null) throw Mismatch(v, tag, path); },
        AvroSchema.Type.Boolean => (v, e) => e.WriteBoolean(v is bool b ? b : throw Mismatch(v, tag, path)),
        AvroSchema.Type.Int => (v, e) => e.WriteInt(v is int i ? i : throw Mismatch(v, tag, path)),
        AvroSchema.Type.Long => (v, e) => e.WriteLong(v is long l ? l : throw Mismatch(v, tag, path)),
        AvroSchema.Type.Float => (v, e) => e.WriteFloat(v is float f ? f : throw Mismatch(v, tag, path)),
        AvroSchema.Type.Double => (v, e) => e.WriteDouble(v is double d ? d : throw Mismatch(v, tag, path)),
        AvroSchema.Type.String => (v, e) => WriteUtf8(v as string ?? throw Mismatch(v, tag, path), e),
        AvroSchema.Type.Bytes => (v, e) => e.WriteBytes(v as byte[] ?? throw Mismatch(v, tag, path)),
        _ => throw new AvroException($"Not a primitive type: {tag}."),
    };

    [ThreadStatic] private static byte[]? t_utf8;

    /// <summary>Same bytes as <see cref="Encoder.WriteString"/> without its per-call array.</summary>
    private static void WriteUtf8(string value, Encoder e)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        var scratch = t_utf8;
        if (scratch is null || scratch.Length < max)
        {
            if (max > 64 * 1024)
            {
                e.WriteString(value);
                return;
            }
            t_utf8 = scratch = new byte[Math.Max(256, max)];
        }
        var count = System.Text.Encoding.UTF8.GetBytes(value, scratch);
        e.WriteLong(count);
        e.WriteFixed(scratch, 0, count);
    }

    private static AvroException Mismatch(object? v, AvroSchema.Type tag, string path) =>
        new($"{tag} value required at {path} but found {v?.GetType().ToString() ?? "null"}.");

    private static ValueWriter BuildArray(ValueWriter item) => (v, e) =>
    {
        if (v is not IList list || v is byte[]) throw new AvroException($"Array value required but found {v?.GetType().ToString() ?? "null"}.");
        e.WriteArrayStart();
        e.SetItemCount(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            e.StartItem();
            item(list[i], e);
        }
        e.WriteArrayEnd();
    };

    private static ValueWriter BuildMap(ValueWriter value) => (v, e) =>
    {
        e.WriteMapStart();
        switch (v)
        {
            case IDictionary<string, object> map: // GenericRecord's maps
                e.SetItemCount(map.Count);
                foreach (var (key, item) in map)
                {
                    e.StartItem();
                    e.WriteString(key);
                    value(item, e);
                }
                break;
            case IDictionary map: // e.g. a specific record's Dictionary<string, T>
                e.SetItemCount(map.Count);
                foreach (DictionaryEntry entry in map)
                {
                    e.StartItem();
                    e.WriteString((string)entry.Key);
                    value(entry.Value, e);
                }
                break;
            default:
                throw new AvroException($"Map value required but found {v?.GetType().ToString() ?? "null"}.");
        }
        e.WriteMapEnd();
    };

    private static ValueWriter BuildEnum(EnumSchema target, EnumSchema source, string path)
    {
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var symbol in source.Symbols)
        {
            if (target.Contains(symbol)) ordinals[symbol] = target.Ordinal(symbol);
            else if (target.Default is { } fallback) ordinals[symbol] = target.Ordinal(fallback);
        }
        return (v, e) =>
        {
            var symbol = v switch
            {
                GenericEnum g => g.Value,
                Enum clr => clr.ToString(),
                _ => throw new AvroException($"Enum value required at {path} but found {v?.GetType().ToString() ?? "null"}."),
            };
            if (!ordinals.TryGetValue(symbol, out var ordinal))
                throw Incompatible(path, $"enum symbol '{symbol}' does not exist in the registry's {target.Fullname}");
            e.WriteEnum(ordinal);
        };
    }

    private ValueWriter BuildToUnion(UnionSchema target, AvroSchema source, string path)
    {
        if (source is UnionSchema sourceUnion)
        {
            var count = sourceUnion.Count;
            var indexes = new int[count];
            var writers = new ValueWriter?[count];
            for (var i = 0; i < count; i++)
            {
                var branch = sourceUnion[i];
                indexes[i] = MatchBranch(target, branch);
                writers[i] = indexes[i] < 0 ? null : Build(target[indexes[i]], branch, path);
            }
            var branches = sourceUnion.Schemas.ToArray();
            return (v, e) =>
            {
                var i = ValueBranch(branches, v, path);
                var write = writers[i] ?? throw Incompatible(path, $"the record's union branch {Describe(branches[i])} has no counterpart in the registry's union {target}");
                e.WriteUnionIndex(indexes[i]);
                write(v, e);
            };
        }
        var index = MatchBranch(target, source);
        if (index < 0) throw Incompatible(path, $"record has {Describe(source)} which is not a branch of the registry's union {target}");
        var inner = Build(target[index], source, path);
        return (v, e) =>
        {
            e.WriteUnionIndex(index);
            inner(v, e);
        };
    }

    private ValueWriter BuildFromUnion(AvroSchema target, UnionSchema source, string path)
    {
        var branches = source.Schemas.ToArray();
        var writers = new ValueWriter?[branches.Length];
        for (var i = 0; i < branches.Length; i++)
            writers[i] = MatchBranch(target, branches[i]) >= 0 ? Build(target, branches[i], path) : null;
        if (writers.All(w => w is null)) throw Incompatible(path, $"no branch of the record's union {source} fits the registry's {Describe(target)}");
        return (v, e) =>
        {
            var i = ValueBranch(branches, v, path);
            (writers[i] ?? throw Incompatible(path, $"value of branch {Describe(branches[i])} cannot be written as the registry's non-union {Describe(target)}"))(v, e);
        };
    }

    /// <summary>Index of the branch of <paramref name="union"/> (or of a single non-union schema, as 0) that data of <paramref name="source"/> maps to; -1 if none.</summary>
    private static int MatchBranch(AvroSchema union, AvroSchema source)
    {
        var branches = union is UnionSchema u ? u.Schemas : [union];
        for (var i = 0; i < branches.Count; i++)
            if (AvroCanonical.Same(branches[i], source)) return i;
        var s = Base(source);
        for (var i = 0; i < branches.Count; i++)
        {
            var t = Base(branches[i]);
            if (t.Tag != s.Tag) continue;
            if (t is NamedSchema tn && s is NamedSchema sn)
            {
                if (tn.Fullname == sn.Fullname || tn.Name == sn.Name) return i;
                continue;
            }
            return i;
        }
        for (var i = 0; i < branches.Count; i++)
            if (IsPromotable(Base(branches[i]).Tag, s.Tag)) return i;
        return -1;
    }

    private static bool IsPromotable(AvroSchema.Type target, AvroSchema.Type source) => (target, source) switch
    {
        (AvroSchema.Type.Long, AvroSchema.Type.Int) => true,
        (AvroSchema.Type.Float or AvroSchema.Type.Double, AvroSchema.Type.Int or AvroSchema.Type.Long) => true,
        (AvroSchema.Type.Double, AvroSchema.Type.Float) => true,
        (AvroSchema.Type.Bytes, AvroSchema.Type.String) or (AvroSchema.Type.String, AvroSchema.Type.Bytes) => true,
        _ => false,
    };

    /// <summary>Which branch of the record's own union a runtime value belongs to (same rules as Apache.Avro's writer).</summary>
    private static int ValueBranch(AvroSchema[] branches, object? v, string path)
    {
        for (var i = 0; i < branches.Length; i++)
            if (ValueMatches(branches[i], v)) return i;
        throw new AvroException($"Value of type {v?.GetType().ToString() ?? "null"} at {path} matches no branch of its union.");
    }

    private static bool ValueMatches(AvroSchema schema, object? v) => schema switch
    {
        _ when schema.Tag == AvroSchema.Type.Null => v is null,
        _ when v is null => false,
        LogicalSchema logical => logical.LogicalType.IsInstanceOfLogicalType(v),
        RecordSchema rs => v is GenericRecord g ? g.Schema.Fullname == rs.Fullname : v is ISpecificRecord sr && sr.Schema.Fullname == rs.Fullname,
        EnumSchema es => v is GenericEnum ge ? ge.Schema.Fullname == es.Fullname : v is Enum,
        FixedSchema fs => v is GenericFixed gf && gf.Schema.Fullname == fs.Fullname,
        ArraySchema => v is IList && v is not byte[],
        MapSchema => v is IDictionary<string, object> or IDictionary,
        _ => schema.Tag switch
        {
            AvroSchema.Type.Boolean => v is bool,
            AvroSchema.Type.Int => v is int,
            AvroSchema.Type.Long => v is long,
            AvroSchema.Type.Float => v is float,
            AvroSchema.Type.Double => v is double,
            AvroSchema.Type.Bytes => v is byte[],
            AvroSchema.Type.String => v is string,
            _ => false,
        },
    };

    private static byte[] EncodeDefault(Field field, string path)
    {
        var buffer = new MemoryStream();
        var encoder = new BinaryEncoder(buffer);
        if (field.DefaultValue is { } json)
        {
            try
            {
                WriteJson(field.Schema, json, encoder);
            }
            catch (Exception e) when (e is AvroException or FormatException or InvalidCastException or ArgumentException)
            {
                throw Incompatible(path, $"its default {json.ToString(Newtonsoft.Json.Formatting.None)} does not fit {Describe(field.Schema)}", e);
            }
        }
        else if (field.Schema is UnionSchema union && union.Schemas.FirstOrDefault(b => b.Tag == AvroSchema.Type.Null) is { } nullBranch)
        {
            encoder.WriteUnionIndex(union.Schemas.IndexOf(nullBranch));
        }
        else
        {
            throw Incompatible(path, $"the registry schema requires this {Describe(field.Schema)} field, the record's schema lacks it and it has no default");
        }
        encoder.Flush();
        return buffer.ToArray();
    }

    private static void WriteJson(AvroSchema schema, JToken json, Encoder e)
    {
        switch (schema)
        {
            case LogicalSchema logical:
                WriteJson(logical.BaseSchema, json, e);
                return;
            case UnionSchema union: // a union's default belongs to its first branch
                e.WriteUnionIndex(0);
                WriteJson(union[0], json, e);
                return;
            case RecordSchema record:
                foreach (var f in record.Fields)
                {
                    var value = json[f.Name] ?? f.DefaultValue ?? throw new AvroException($"Default record lacks field '{f.Name}'.");
                    WriteJson(f.Schema, value, e);
                }
                return;
            case EnumSchema en:
                e.WriteEnum(en.Ordinal(json.Value<string>()!));
                return;
            case FixedSchema:
                e.WriteFixed(Latin1(json));
                return;
            case ArraySchema array:
                var items = (JArray)json;
                e.WriteArrayStart();
                e.SetItemCount(items.Count);
                foreach (var item in items)
                {
                    e.StartItem();
                    WriteJson(array.ItemSchema, item, e);
                }
                e.WriteArrayEnd();
                return;
            case MapSchema map:
                var entries = (JObject)json;
                e.WriteMapStart();
                e.SetItemCount(entries.Count);
                foreach (var (key, value) in entries)
                {
                    e.StartItem();
                    e.WriteString(key);
                    WriteJson(map.ValueSchema, value!, e);
                }
                e.WriteMapEnd();
                return;
        }
        switch (schema.Tag)
        {
            case AvroSchema.Type.Null:
                if (json.Type != JTokenType.Null) throw new AvroException("Default of a null schema must be null.");
                return;
            case AvroSchema.Type.Boolean: e.WriteBoolean(json.Value<bool>()); return;
            case AvroSchema.Type.Int: e.WriteInt(json.Value<int>()); return;
            case AvroSchema.Type.Long: e.WriteLong(json.Value<long>()); return;
            case AvroSchema.Type.Float: e.WriteFloat(json.Value<float>()); return;
            case AvroSchema.Type.Double: e.WriteDouble(json.Value<double>()); return;
            case AvroSchema.Type.Bytes: e.WriteBytes(Latin1(json)); return;
            case AvroSchema.Type.String: e.WriteString(json.Value<string>() ?? throw new AvroException("String default is null.")); return;
            default: throw new AvroException($"Unsupported default for {schema.Tag}.");
        }
    }

    // Avro encodes bytes/fixed defaults as JSON strings whose code points 0-255 are the byte values.
    private static byte[] Latin1(JToken json) => System.Text.Encoding.Latin1.GetBytes(json.Value<string>() ?? "");

    private static AvroSchema Base(AvroSchema schema) => schema is LogicalSchema l ? l.BaseSchema : schema;

    private static string Describe(AvroSchema schema) => schema is NamedSchema n ? $"{schema.Tag} {n.Fullname}" : schema.Tag.ToString();

    private static AvroSchemaIncompatibleException Incompatible(string path, string reason, Exception? inner = null) =>
        new($"Cannot write the record with the registry's schema: field {path}: {reason}.", inner);

    private sealed class PairComparer : IEqualityComparer<(AvroSchema, AvroSchema)>
    {
        public bool Equals((AvroSchema, AvroSchema) x, (AvroSchema, AvroSchema) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((AvroSchema, AvroSchema) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
