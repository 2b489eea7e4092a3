using System.Collections.Concurrent;
using Avro;

namespace MlEvents.Contracts.AvroMapping;

/// <summary>
/// Where each field we know sits in one record schema instance (-1: the schema lacks it). Built once per schema
/// instance and cached, so reading a record costs array lookups, not name lookups.
/// </summary>
internal sealed class FieldLayout
{
    public const string Namespace = "io.mlevents";

    // Schema instances come from a handful of reader schemas; the cap only guards against a caller that
    // parses a fresh schema per record.
    private const int MaxCachedLayouts = 1024;
    private static readonly ConcurrentDictionary<RecordSchema, FieldLayout> Cache = new(ReferenceEqualityComparer.Instance);

    private FieldLayout(RecordKind kind, string[] fieldNames, int[] positions)
    {
        Kind = kind;
        FieldNames = fieldNames;
        Positions = positions;
    }

    public RecordKind Kind { get; }

    /// <summary>Our field names by slot (the enum member order).</summary>
    public string[] FieldNames { get; }

    /// <summary>Position in the schema by slot, -1 when the schema has no such field.</summary>
    public int[] Positions { get; }

    public static FieldLayout Of(RecordSchema schema)
    {
        if (Cache.TryGetValue(schema, out var layout)) return layout;
        layout = Create(schema);
        if (Cache.Count < MaxCachedLayouts) Cache.TryAdd(schema, layout);
        return layout;
    }

    public static string[] NamesOf(RecordKind kind) => kind switch
    {
        RecordKind.Envelope => Enum.GetNames<EnvelopeField>(),
        RecordKind.DatasetRef => Enum.GetNames<DatasetRefField>(),
        RecordKind.ExperimentUpserted => Enum.GetNames<ExperimentUpsertedField>(),
        RecordKind.RunStarted => Enum.GetNames<RunStartedField>(),
        RecordKind.RunFinished => Enum.GetNames<RunFinishedField>(),
        RecordKind.ModelGroupUpserted => Enum.GetNames<ModelGroupUpsertedField>(),
        RecordKind.ModelRegistered => Enum.GetNames<ModelRegisteredField>(),
        RecordKind.ModelStageChanged => Enum.GetNames<ModelStageChangedField>(),
        RecordKind.ModelAliasesChanged => Enum.GetNames<ModelAliasesChangedField>(),
        RecordKind.RunUpdated => Enum.GetNames<RunUpdatedField>(),
        _ => [],
    };

    public static RecordKind KindOf(RecordSchema schema)
    {
        if (schema.Namespace != Namespace) return RecordKind.Unknown;
        return schema.Name switch
        {
            "MlEvent" => RecordKind.Envelope,
            nameof(DatasetRef) => RecordKind.DatasetRef,
            nameof(ExperimentUpserted) => RecordKind.ExperimentUpserted,
            nameof(RunStarted) => RecordKind.RunStarted,
            nameof(RunFinished) => RecordKind.RunFinished,
            nameof(ModelGroupUpserted) => RecordKind.ModelGroupUpserted,
            nameof(ModelRegistered) => RecordKind.ModelRegistered,
            nameof(ModelStageChanged) => RecordKind.ModelStageChanged,
            nameof(ModelAliasesChanged) => RecordKind.ModelAliasesChanged,
            nameof(RunUpdated) => RecordKind.RunUpdated,
            _ => RecordKind.Unknown,
        };
    }

    private static FieldLayout Create(RecordSchema schema)
    {
        var kind = KindOf(schema);
        var names = NamesOf(kind);
        var positions = new int[names.Length];
        for (var slot = 0; slot < names.Length; slot++)
        {
            positions[slot] = schema.TryGetField(names[slot], out var field) ? field.Pos : -1;
        }
        return new FieldLayout(kind, names, positions);
    }
}
