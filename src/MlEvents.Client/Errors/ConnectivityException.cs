using Confluent.Kafka;

namespace MlEvents.Client;

/// <summary>
/// <see cref="IMlEventsPublisher.CheckConnectivityAsync"/> could not reach Kafka or the Schema Registry. The message
/// names the address and carries the real error (connection refused, host not resolved, authentication failed, ...).
/// </summary>
public sealed class ConnectivityException : Exception
{
    /// <summary>Creates the exception for <paramref name="component"/> (<c>Kafka</c> or <c>Schema Registry</c>).</summary>
    public ConnectivityException(string component, string address, string reason, Error? kafkaError = null, Exception? innerException = null)
        : base($"{component} at '{address}' could not be reached: {reason}", innerException)
    {
        Component = component;
        Address = address;
        Reason = reason;
        KafkaError = kafkaError;
    }

    /// <summary><c>Kafka</c> or <c>Schema Registry</c>.</summary>
    public string Component { get; }

    /// <summary>The configured address (bootstrap servers or registry URL).</summary>
    public string Address { get; }

    /// <summary>The underlying error text, e.g. librdkafka's <c>Connect to ipv4#127.0.0.1:9092 failed: Connection refused</c>.</summary>
    public string Reason { get; }

    /// <summary>librdkafka's error for Kafka failures (e.g. <c>Local_Resolve</c>, <c>Local_AllBrokersDown</c>, <c>Local_Authentication</c>).</summary>
    public Error? KafkaError { get; }
}
