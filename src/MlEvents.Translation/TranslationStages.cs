namespace MlEvents.Translation;

/// <summary>The <c>mlevents.error.stage</c> values <see cref="AvroEventTranslator"/> dead-letters with.</summary>
public static class TranslationStages
{
    /// <summary>No value, not Confluent wire format, unknown schema id, writer schema incompatible with MlEvent.avsc, not an MlEvent.</summary>
    public const string Deserialize = "deserialize";

    /// <summary>The event breaks a rule of docs/EVENTS.md ("Validation").</summary>
    public const string Validate = "validate";

    /// <summary>The event is valid but cannot be turned into MCPs.</summary>
    public const string Convert = "convert";

    /// <summary>An MCP cannot be written with the registry's schema for the MCP topic.</summary>
    public const string Serialize = "serialize";
}
