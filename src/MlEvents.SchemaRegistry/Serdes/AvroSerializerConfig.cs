namespace MlEvents.SchemaRegistry;

/// <summary>Serializer options; names mirror Confluent's <c>AvroSerializerConfig</c>.</summary>
public sealed class AvroSerializerConfig
{
    /// <summary>Register the record's schema under the subject (Confluent <c>auto.register.schemas</c>, default true).</summary>
    public bool AutoRegisterSchemas { get; set; } = true;

    /// <summary>Write with the subject's latest registered schema (Confluent <c>use.latest.version</c>); needs AutoRegisterSchemas = false.</summary>
    public bool UseLatestVersion { get; set; }

    /// <summary>Ask the registry to normalise schemas on register/lookup (Confluent <c>normalize.schemas</c>).</summary>
    public bool NormalizeSchemas { get; set; }

    /// <summary>Initial size of the per-thread output buffer (Confluent <c>avro.serializer.buffer.bytes</c>, default 1024).</summary>
    public int BufferBytes { get; set; } = 1024;

    /// <summary>Built-in subject naming (Confluent <c>subject.name.strategy</c>, default Topic).</summary>
    public SubjectNameStrategy SubjectNameStrategy { get; set; } = SubjectNameStrategy.Topic;

    /// <summary>Custom subject naming; wins over <see cref="SubjectNameStrategy"/> when set.</summary>
    public SubjectNameStrategyDelegate? SubjectNameStrategyDelegate { get; set; }
}

/// <summary>Deserializer options (Confluent <c>AvroDeserializerConfig</c> plus a reader schema).</summary>
public sealed class AvroDeserializerConfig
{
    /// <summary>
    /// Avro schema JSON to read into; null = the writer schema. Evolution per Avro resolution rules:
    /// writer fields the reader lacks are skipped, reader fields the writer lacks take their defaults.
    /// Ignored for ISpecificRecord types, which read into their own schema.
    /// </summary>
    public string? ReaderSchema { get; set; }
}
