using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Avro;
using Avro.Generic;
using MlEvents.DataHub.Mcps;

namespace MlEvents.DataHub.Serialization;

/// <summary>
/// The hot-path twin of <see cref="McpAvro.ToGenericRecord"/>: the same records (same field values, so the same Avro
/// bytes), with the per-schema work (field lookup, union branches, enum symbols, defaults) done once per schema, and the
/// <c>systemMetadata</c> record built once for MCPs that share a <see cref="SystemMetadata"/> instance (all MCPs of an event).
/// </summary>
/// <remarks>
/// The records are meant to be encoded and dropped: they share immutable parts (enum values, defaults, the systemMetadata
/// record) and reference the MCP's aspect bytes instead of copying them. Callers that keep or change records use
/// <see cref="McpAvro.ToGenericRecord"/>. Thread-safe.
/// </remarks>
public sealed class McpRecordFactory
{
    private static readonly ConditionalWeakTable<RecordSchema, McpRecordFactory> Factories = [];

    private enum Slot
    {
        EntityType,
        EntityUrn,
        ChangeType,
        AspectName,
        Aspect,
        SystemMetadata,
        Headers,
        Default,
    }

    private readonly RecordSchema _schema;
    private readonly Slot[] _slots;
    private readonly Func<object?>[] _defaults;
    private readonly Dictionary<string, GenericEnum>? _changeTypes;
    private readonly Schema? _changeTypeSchema;
    private readonly Lazy<McpAvro.SubRecordShape>? _aspect;
    private readonly Lazy<McpAvro.SubRecordShape>? _systemMetadata;

    private McpRecordFactory(RecordSchema schema)
    {
        _schema = schema;
        _slots = new Slot[schema.Fields.Count];
        _defaults = new Func<object?>[schema.Fields.Count];
        foreach (var field in schema.Fields)
        {
            _slots[field.Pos] = field.Name switch
            {
                "entityType" => Slot.EntityType,
                "entityUrn" => Slot.EntityUrn,
                "changeType" => Slot.ChangeType,
                "aspectName" => Slot.AspectName,
                "aspect" => Slot.Aspect,
                "systemMetadata" => Slot.SystemMetadata,
                "headers" => Slot.Headers,
                _ => Slot.Default,
            };
            _defaults[field.Pos] = McpAvro.DefaultOnce(field);
            switch (_slots[field.Pos])
            {
                case Slot.ChangeType:
                    _changeTypeSchema = field.Schema;
                    if (McpAvro.EnumBranch(field.Schema) is { } enumSchema)
                    {
                        _changeTypes = enumSchema.Symbols.ToDictionary(s => s, s => new GenericEnum(enumSchema, s), StringComparer.Ordinal);
                    }

                    break;
                case Slot.Aspect:
                    var aspectSchema = field.Schema;
                    _aspect = new(() => McpAvro.SubRecordShape.Of(aspectSchema));
                    break;
                case Slot.SystemMetadata:
                    var metadataSchema = field.Schema;
                    _systemMetadata = new(() => McpAvro.SubRecordShape.Of(metadataSchema));
                    break;
            }
        }
    }

    /// <summary>The factory for <paramref name="schema"/> (default: <see cref="McpAvro.Schema"/>), built once per schema instance.</summary>
    public static McpRecordFactory For(RecordSchema? schema = null) =>
        Factories.GetValue(schema ?? McpAvro.Schema, s => new McpRecordFactory(s));

    /// <summary>Records for <paramref name="mcps"/>, in order; equal field by field to <see cref="McpAvro.ToGenericRecord"/>'s.</summary>
    public GenericRecord[] CreateAll(IReadOnlyList<MetadataChangeProposal> mcps)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        var records = new GenericRecord[mcps.Count];
        SystemMetadata? lastMetadata = null;
        GenericRecord? lastMetadataRecord = null;
        for (var i = 0; i < records.Length; i++)
        {
            var mcp = mcps[i] ?? throw new ArgumentException("Null MCP in the list.", nameof(mcps));
            if (mcp.SystemMetadata is not null && !ReferenceEquals(mcp.SystemMetadata, lastMetadata))
            {
                lastMetadata = mcp.SystemMetadata;
                lastMetadataRecord = _systemMetadata is null ? null : SystemMetadataRecord(_systemMetadata.Value, lastMetadata);
            }

            records[i] = Create(mcp, mcp.SystemMetadata is null ? null : lastMetadataRecord);
        }

        return records;
    }

    private GenericRecord Create(MetadataChangeProposal mcp, GenericRecord? systemMetadata)
    {
        var record = new GenericRecord(_schema);
        for (var pos = 0; pos < _slots.Length; pos++)
        {
            object? value = _slots[pos] switch
            {
                Slot.EntityType => mcp.EntityType,
                Slot.EntityUrn => mcp.EntityUrn,
                Slot.ChangeType => ChangeType(mcp.ChangeType.ToSymbol()),
                Slot.AspectName => mcp.AspectName,
                Slot.Aspect => Aspect(_aspect!.Value, mcp),
                Slot.SystemMetadata => systemMetadata,
                Slot.Headers => mcp.Headers?.ToDictionary(kv => kv.Key, kv => (object)kv.Value),
                _ => _defaults[pos](),
            };
            record.Add(pos, value);
        }

        return record;
    }

    private GenericEnum ChangeType(string symbol) =>
        _changeTypes is not null && _changeTypes.TryGetValue(symbol, out var value)
            ? value
            : McpAvro.ToEnum(_changeTypeSchema!, symbol); // throws the same error as ToGenericRecord

    private static GenericRecord Aspect(McpAvro.SubRecordShape shape, MetadataChangeProposal mcp)
    {
        var record = new GenericRecord(shape.Schema);
        foreach (var field in shape.Schema.Fields)
        {
            record.Add(field.Pos, field.Name switch
            {
                "value" => WholeArrayOrCopy(mcp.AspectValue),
                "contentType" => mcp.ContentType,
                _ => shape.Defaults[field.Pos](),
            });
        }

        return record;
    }

    private static GenericRecord SystemMetadataRecord(McpAvro.SubRecordShape shape, SystemMetadata metadata)
    {
        var record = new GenericRecord(shape.Schema);
        foreach (var field in shape.Schema.Fields)
        {
            record.Add(field.Pos, McpAvro.SystemMetadataValue(field.Name, metadata) ?? shape.Defaults[field.Pos]());
        }

        return record;
    }

    private static byte[] WholeArrayOrCopy(ReadOnlyMemory<byte> value) =>
        MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
}
