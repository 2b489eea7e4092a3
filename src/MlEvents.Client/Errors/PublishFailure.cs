namespace MlEvents.Client;

/// <summary>Why an event was not published.</summary>
public enum PublishFailure
{
    /// <summary>The Schema Registry could not be reached or refused the schema; the event was not sent.</summary>
    SchemaRegistry,

    /// <summary>The event could not be encoded with the registry's schema; the event was not sent.</summary>
    Serialization,

    /// <summary>Kafka did not acknowledge the event (timeout, brokers down, authorization, ...).</summary>
    Delivery,
}
