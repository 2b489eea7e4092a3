using Avro;
using Avro.Generic;
using MlEvents.Contracts.AvroMapping;

namespace MlEvents.Contracts;

/// <summary>
/// The Avro form of <see cref="MlEvent"/>: the schema (schemas/MlEvent.avsc, embedded) and the mapping to and from
/// Apache.Avro GenericRecords. Thread-safe; no reflection per call.
/// </summary>
public static class MlEventAvro
{
    private static readonly AvroEventWriter Writer;

    static MlEventAvro()
    {
        using var stream = typeof(MlEventAvro).Assembly.GetManifestResourceStream("MlEvent.avsc")
            ?? throw new InvalidOperationException("Embedded resource MlEvent.avsc is missing");
        using var reader = new StreamReader(stream);
        SchemaJson = reader.ReadToEnd();
        Schema = (RecordSchema)global::Avro.Schema.Parse(SchemaJson);
        Writer = new AvroEventWriter(Schema);
        CheckFieldOrder(Schema, RecordKind.Envelope);
        foreach (var payload in Writer.PayloadSchemas.Values)
        {
            CheckFieldOrder(payload, FieldLayout.KindOf(payload));
        }
        CheckFieldOrder((RecordSchema)((ArraySchema)Writer.PayloadSchemas[nameof(RunStarted)][nameof(RunStartedField.inputDatasets)].Schema).ItemSchema, RecordKind.DatasetRef);
    }

    /// <summary>The text of schemas/MlEvent.avsc (what a producer registers in the schema registry).</summary>
    public static string SchemaJson { get; }

    /// <summary>The parsed schema <c>io.mlevents.MlEvent</c> (one instance; use it as the reader schema).</summary>
    public static RecordSchema Schema { get; }

    /// <summary>The event as a GenericRecord of <see cref="Schema"/>, ready for a GenericDatumWriter.</summary>
    public static GenericRecord ToGenericRecord(MlEvent mlEvent) => Writer.Write(mlEvent);

    /// <summary>
    /// Reads an event from a GenericRecord, usually one a GenericDatumReader resolved against <see cref="Schema"/>
    /// (records of other schema versions with the same record names work too: absent optional fields read as defaults).
    /// </summary>
    /// <exception cref="EventFormatException">The record is not an MlEvent or a field is missing or of the wrong type.</exception>
    public static MlEvent FromGenericRecord(GenericRecord record) => AvroEventReader.Read(record);

    private static void CheckFieldOrder(RecordSchema schema, RecordKind kind)
    {
        var expected = FieldLayout.NamesOf(kind);
        var actual = schema.Fields.Select(f => f.Name).Take(expected.Length).ToArray();
        if (!expected.SequenceEqual(actual))
        {
            throw new InvalidOperationException(
                $"MlEvent.avsc record {schema.Fullname} must start with fields [{string.Join(", ", expected)}] in this order, found [{string.Join(", ", actual)}]");
        }
    }
}
