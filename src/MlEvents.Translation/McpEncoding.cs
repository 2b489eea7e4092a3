namespace MlEvents.Translation;

/// <summary>How <see cref="AvroEventTranslator"/> encodes the MCPs it makes: one conversion, two transports.</summary>
public enum McpEncoding
{
    /// <summary>DataHub's MCP Avro record in Confluent's wire format, for the MCP topic (Kafka sink).</summary>
    Avro,

    /// <summary>The proposal JSON object DataHub's REST emitter posts to GMS (<see cref="DataHub.Serialization.McpRestJson"/>; REST sink).</summary>
    RestProposalJson,
}
