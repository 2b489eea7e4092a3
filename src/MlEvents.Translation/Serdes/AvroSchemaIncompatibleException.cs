namespace MlEvents.Translation.Serdes;

/// <summary>
/// Data cannot be written with the registry's schema, or read with the reader schema (fields without defaults,
/// types that do not resolve, enum symbols without counterpart). Permanent: retrying cannot help.
/// </summary>
public sealed class AvroSchemaIncompatibleException(string message, Exception? inner = null) : Exception(message, inner);
