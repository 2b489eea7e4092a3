using System.Net;

namespace MlEvents.SchemaRegistry;

/// <summary>
/// A registry call failed. <see cref="IsTransient"/> tells callers whether retrying later can help
/// (registry unreachable, timeout, 5xx, 429) or not (4xx: unknown subject/id, invalid schema, auth).
/// </summary>
public class SchemaRegistryException : Exception
{
    public SchemaRegistryException(string message, HttpStatusCode? status, int errorCode, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>HTTP status, or null when no response was received.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>Confluent error code from the body (e.g. 40401 subject not found, 40403 schema not found), else the HTTP status, else -1.</summary>
    public int ErrorCode { get; }

    public bool IsTransient { get; }

    public override string ToString() => $"{GetType().Name}: {Message} (status {(int?)Status}, error_code {ErrorCode}, transient {IsTransient})";
}

/// <summary>The registry could not be reached or kept failing transiently after all retries. Always transient.</summary>
public sealed class SchemaRegistryUnavailableException(string message, HttpStatusCode? status, int errorCode, Exception? inner = null)
    : SchemaRegistryException(message, status, errorCode, isTransient: true, inner);

/// <summary>Confluent error codes used by the registry API.</summary>
public static class SchemaRegistryErrorCodes
{
    public const int SubjectNotFound = 40401;
    public const int VersionNotFound = 40402;
    public const int SchemaNotFound = 40403;
    public const int InvalidSchema = 42201;
    public const int InvalidVersion = 42202;
    public const int Unauthorized = 40101;
    public const int BackendStoreError = 50001;
}
