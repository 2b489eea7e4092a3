namespace MlEvents.Translation.Serdes;

/// <summary>A writer schema that does not resolve against the reader schema, or a registry schema that is not Avro. Permanent.</summary>
public sealed class AvroSchemaIncompatibleException(string message, Exception? inner = null) : Exception(message, inner);
