using Confluent.Kafka;

namespace MlEvents.Cli.Conventions;

/// <summary>Connection errors name what could not be reached and its address, always (exit code 3).</summary>
internal static class Unreachable
{
    public static string Kafka(string bootstrapServers, string reason) => $"cannot reach Kafka at {bootstrapServers}: {reason}";

    public static string SchemaRegistry(string url, string reason) => $"cannot reach the Schema Registry at {url}: {reason}";

    /// <summary>Errors that mean the brokers could not be reached (rather than a refused request).</summary>
    public static bool IsConnectionError(Error error) => error.Code is ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown
        or ErrorCode.Local_TimedOut or ErrorCode.Local_Resolve or ErrorCode.Local_Ssl or ErrorCode.Local_Authentication
        or ErrorCode.RequestTimedOut or ErrorCode.BrokerNotAvailable or ErrorCode.NetworkException;
}
