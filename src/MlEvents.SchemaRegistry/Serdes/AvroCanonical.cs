using System.Runtime.CompilerServices;
using AvroSchema = Avro.Schema;

namespace MlEvents.SchemaRegistry;

/// <summary>Avro Parsing Canonical Form, memoised per schema instance.</summary>
internal static class AvroCanonical
{
    private static readonly ConditionalWeakTable<AvroSchema, string> Forms = new();

    public static string Of(AvroSchema schema) => Forms.GetValue(schema, Avro.SchemaNormalization.ToParsingForm);

    public static bool Same(AvroSchema a, AvroSchema b) => ReferenceEquals(a, b) || Of(a) == Of(b);
}
