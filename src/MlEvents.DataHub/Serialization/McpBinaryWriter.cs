using Avro;
using Avro.Generic;
using Avro.IO;
using MlEvents.DataHub.Mcps;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// Writes an MCP's Avro binary datum straight from <see cref="MetadataChangeProposal"/> for one MCP schema: the bytes
/// <c>GenericDatumWriter</c> writes for <see cref="McpAvro.ToGenericRecord"/>'s record, without building the record or
/// allocating per string. Union branches, enum ordinals and the bytes of every default are resolved once per schema.
/// </summary>
/// <remarks>
/// <see cref="For"/> returns null for a schema it cannot write exactly (a field of a type the model does not fill the
/// usual way, a required field without default); <see cref="TryWrite"/> returns false for an MCP the generic path must
/// report (null where the schema allows none, a change type the enum lacks). In both cases the caller uses the generic
/// path. Probe MCPs are written both ways when the writer is made, and a schema where they differ gets none.
/// Thread-safe.
/// </remarks>
public sealed class McpBinaryWriter
{
    private readonly Step[] _steps;

    private McpBinaryWriter(Step[] steps) => _steps = steps;

    /// <summary>The writer for <paramref name="schema"/>, or null when only the generic path writes it exactly.</summary>
    public static McpBinaryWriter? For(RecordSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        McpBinaryWriter writer;
        try
        {
            writer = new McpBinaryWriter(Compile(schema));
        }
        catch (NotSupportedException)
        {
            return null;
        }

        return Probes.All(probe => writer.WritesLikeGenericPath(probe, schema)) ? writer : null;
    }

    /// <summary>Appends the datum of <paramref name="mcp"/>; false (buffer state undefined) when the generic path must write it.</summary>
    public bool TryWrite(MetadataChangeProposal mcp, AvroBinaryBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(mcp);
        ArgumentNullException.ThrowIfNull(buffer);
        foreach (var step in _steps)
        {
            if (!step(mcp, buffer))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Both ways give the same bytes, or both refuse the probe (e.g. a change type the schema's enum lacks).</summary>
    private bool WritesLikeGenericPath(MetadataChangeProposal probe, RecordSchema schema)
    {
        var buffer = new AvroBinaryBuffer();
        var direct = TryWrite(probe, buffer) ? buffer.ToArray() : null;
        byte[]? generic;
        try
        {
            using var stream = new MemoryStream();
            new GenericDatumWriter<GenericRecord>(schema).Write(McpAvro.ToGenericRecord(probe, schema), new BinaryEncoder(stream));
            generic = stream.ToArray();
        }
        catch (Exception e) when (e is AvroException or InvalidOperationException or ArgumentException)
        {
            generic = null;
        }

        return direct is null ? generic is null : generic is not null && direct.AsSpan().SequenceEqual(generic);
    }

    private static readonly MetadataChangeProposal[] Probes =
    [
        new()
        {
            EntityType = "dataProcessInstance",
            EntityUrn = "urn:li:dataProcessInstance:ümlaut-\u00e9",
            ChangeType = ChangeType.Patch,
            AspectName = "dataProcessInstanceProperties",
            AspectValue = "[{\"op\":\"add\"}]"u8.ToArray(),
            ContentType = ContentTypes.JsonPatch,
            SystemMetadata = new SystemMetadata
            {
                LastObserved = 1_700_000_000_000,
                RunId = "run",
                LastRunId = "last",
                PipelineName = "pipeline",
                RegistryName = "registry",
                RegistryVersion = "1",
                Properties = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
                Version = "v",
            },
            Headers = new Dictionary<string, string> { ["h"] = "x" },
        },
        new()
        {
            EntityType = "container",
            EntityUrn = "urn:li:container:abc",
            ChangeType = ChangeType.Upsert,
            AspectName = "status",
            AspectValue = "{}"u8.ToArray(),
            ContentType = ContentTypes.Json,
            SystemMetadata = new SystemMetadata(),
        },
        new()
        {
            EntityType = "container",
            EntityUrn = "urn:li:container:abc",
            ChangeType = ChangeType.Upsert,
            AspectName = "status",
            AspectValue = ReadOnlyMemory<byte>.Empty,
            ContentType = ContentTypes.Json,
        },
    ];

    private static Step[] Compile(RecordSchema schema) =>
        [.. schema.Fields.Select(field => field.Name switch
        {
            "entityType" => StringStep(field.Schema, m => Mcp(m).EntityType),
            "entityUrn" => StringStep(field.Schema, m => Mcp(m).EntityUrn),
            "aspectName" => StringStep(field.Schema, m => Mcp(m).AspectName),
            "changeType" => ChangeTypeStep(field.Schema),
            "aspect" => RecordStep(field.Schema, m => m, AspectFields),
            "systemMetadata" => RecordStep(field.Schema, m => m.SystemMetadata, SystemMetadataFields),
            "headers" => MapStep(field.Schema, m => Mcp(m).Headers),
            _ => DefaultStep(field),
        })];

    private static Step AspectFields(Field field) => field.Name switch
    {
        "value" => BytesStep(field.Schema, m => Mcp(m).AspectValue),
        "contentType" => StringStep(field.Schema, m => Mcp(m).ContentType),
        _ => DefaultStep(field),
    };

    // A null member takes the field's default (as McpAvro does).
    private static Step SystemMetadataFields(Field field) => field.Name switch
    {
        "lastObserved" => OrDefault(field, LongStep(field.Schema, m => Metadata(m).LastObserved), m => Metadata(m).LastObserved is null),
        "runId" => StringOrDefault(field, m => Metadata(m).RunId),
        "lastRunId" => StringOrDefault(field, m => Metadata(m).LastRunId),
        "pipelineName" => StringOrDefault(field, m => Metadata(m).PipelineName),
        "registryName" => StringOrDefault(field, m => Metadata(m).RegistryName),
        "registryVersion" => StringOrDefault(field, m => Metadata(m).RegistryVersion),
        "version" => StringOrDefault(field, m => Metadata(m).Version),
        "properties" => OrDefault(field, MapStep(field.Schema, m => Metadata(m).Properties), m => Metadata(m).Properties is null),
        _ => DefaultStep(field),
    };

    private static MetadataChangeProposal Mcp(object source) => (MetadataChangeProposal)source;

    private static SystemMetadata Metadata(object source) => (SystemMetadata)source;

    /// <summary>One field's bytes, from the object of its record (the MCP, or its <see cref="SystemMetadata"/>).</summary>
    private delegate bool Step(object source, AvroBinaryBuffer buffer);

    private static Step StringStep(Schema schema, Func<object, string?> get)
    {
        var (branch, nullBranch) = Branches(schema, Schema.Type.String);
        return (source, buffer) =>
        {
            var value = get(source);
            if (value is null)
            {
                return WriteNull(nullBranch, buffer);
            }

            WriteBranch(branch, buffer);
            buffer.WriteString(value);
            return true;
        };
    }

    private static Step LongStep(Schema schema, Func<object, long?> get)
    {
        var (branch, nullBranch) = Branches(schema, Schema.Type.Long);
        return (source, buffer) =>
        {
            if (get(source) is not { } value)
            {
                return WriteNull(nullBranch, buffer);
            }

            WriteBranch(branch, buffer);
            buffer.WriteLong(value);
            return true;
        };
    }

    private static Step BytesStep(Schema schema, Func<object, ReadOnlyMemory<byte>> get)
    {
        var (branch, _) = Branches(schema, Schema.Type.Bytes);
        return (source, buffer) =>
        {
            WriteBranch(branch, buffer);
            buffer.WriteBytes(get(source).Span);
            return true;
        };
    }

    private static Step MapStep(Schema schema, Func<object, IReadOnlyDictionary<string, string>?> get)
    {
        var (branch, nullBranch) = Branches(schema, Schema.Type.Map);
        var map = (MapSchema)(branch < 0 ? schema : ((UnionSchema)schema).Schemas[branch]);
        if (map.ValueSchema.Tag != Schema.Type.String)
        {
            throw new NotSupportedException("map values other than strings");
        }

        return (source, buffer) =>
        {
            if (get(source) is not { } values)
            {
                return WriteNull(nullBranch, buffer);
            }

            WriteBranch(branch, buffer);
            if (values.Count > 0)
            {
                buffer.WriteLong(values.Count);
                foreach (var (key, value) in values)
                {
                    buffer.WriteString(key);
                    buffer.WriteString(value);
                }
            }

            buffer.WriteLong(0);
            return true;
        };
    }

    private static Step ChangeTypeStep(Schema schema)
    {
        var (branch, _) = Branches(schema, Schema.Type.Enumeration);
        var enumSchema = (EnumSchema)(branch < 0 ? schema : ((UnionSchema)schema).Schemas[branch]);
        var ordinals = Enum.GetValues<ChangeType>()
            .Select(c => enumSchema.Contains(c.ToSymbol()) ? enumSchema.Ordinal(c.ToSymbol()) : -1)
            .ToArray();
        return (source, buffer) =>
        {
            var ordinal = ordinals[(int)Mcp(source).ChangeType];
            if (ordinal < 0)
            {
                return false; // the generic path reports the missing symbol
            }

            WriteBranch(branch, buffer);
            buffer.WriteLong(ordinal);
            return true;
        };
    }

    private static Step RecordStep(Schema schema, Func<MetadataChangeProposal, object?> get, Func<Field, Step> fieldStep)
    {
        var (branch, nullBranch) = Branches(schema, Schema.Type.Record);
        var record = (RecordSchema)(branch < 0 ? schema : ((UnionSchema)schema).Schemas[branch]);
        var steps = record.Fields.Select(fieldStep).ToArray();
        return (source, buffer) =>
        {
            if (get(Mcp(source)) is not { } value)
            {
                return WriteNull(nullBranch, buffer);
            }

            WriteBranch(branch, buffer);
            foreach (var step in steps)
            {
                if (!step(value, buffer))
                {
                    return false;
                }
            }

            return true;
        };
    }

    /// <summary>The field's default bytes, encoded once (fields the model does not fill).</summary>
    private static Step DefaultStep(Field field)
    {
        var bytes = DefaultBytes(field);
        return (_, buffer) =>
        {
            buffer.WriteRaw(bytes);
            return true;
        };
    }

    private static Step OrDefault(Field field, Step step, Func<object, bool> isNull)
    {
        var defaultStep = DefaultStep(field);
        return (source, buffer) => isNull(source) ? defaultStep(source, buffer) : step(source, buffer);
    }

    private static Step StringOrDefault(Field field, Func<object, string?> get) =>
        OrDefault(field, StringStep(field.Schema, get), source => get(source) is null);

    private static byte[] DefaultBytes(Field field)
    {
        object? value;
        try
        {
            value = McpAvro.DefaultOnce(field)();
        }
        catch (InvalidOperationException e)
        {
            throw new NotSupportedException(e.Message, e);
        }

        try
        {
            using var stream = new MemoryStream();
            new GenericDatumWriter<object?>(field.Schema).Write(value, new BinaryEncoder(stream));
            return stream.ToArray();
        }
        catch (AvroException e)
        {
            throw new NotSupportedException(e.Message, e);
        }
    }

    /// <summary>
    /// The union branch a value of <paramref name="type"/> goes to (the first of that type, as GenericDatumWriter picks it;
    /// -1 when the schema is that type itself) and the null branch (-1: none).
    /// </summary>
    private static (int Branch, int NullBranch) Branches(Schema schema, Schema.Type type)
    {
        if (schema.Tag == type)
        {
            return (-1, -1);
        }

        if (schema is not UnionSchema union)
        {
            throw new NotSupportedException($"a {type} value in a {schema.Tag} field");
        }

        var branch = IndexOf(union, type);
        if (branch < 0)
        {
            throw new NotSupportedException($"a {type} value in a union without that branch");
        }

        return (branch, IndexOf(union, Schema.Type.Null));
    }

    private static int IndexOf(UnionSchema union, Schema.Type type)
    {
        for (var i = 0; i < union.Count; i++)
        {
            if (union[i].Tag == type)
            {
                return i;
            }
        }

        return -1;
    }

    private static void WriteBranch(int branch, AvroBinaryBuffer buffer)
    {
        if (branch >= 0)
        {
            buffer.WriteLong(branch);
        }
    }

    private static bool WriteNull(int nullBranch, AvroBinaryBuffer buffer)
    {
        if (nullBranch < 0)
        {
            return false; // the generic path reports the missing value
        }

        buffer.WriteLong(nullBranch);
        return true;
    }
}
