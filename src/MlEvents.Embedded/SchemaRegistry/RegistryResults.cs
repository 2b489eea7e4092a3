using Microsoft.AspNetCore.Http;

namespace MlEvents.Embedded;

/// <summary>Confluent-style JSON answers with the registry's content type.</summary>
internal static class RegistryResults
{
    public const string ContentType = "application/vnd.schemaregistry.v1+json";

    public static IResult Ok(object body) => Results.Json(body, contentType: ContentType);

    public static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new Dictionary<string, object> { ["error_code"] = errorCode, ["message"] = message }, contentType: ContentType, statusCode: status);

    public static IResult SubjectNotFound(string subject) => Error(404, 40401, $"Subject '{subject}' not found.");

    public static IResult VersionNotFound(string version) => Error(404, 40402, $"Version {version} not found.");

    public static IResult SchemaNotFound(string what) => Error(404, 40403, $"Schema {what} not found");

    public static IResult InvalidSchema(string reason) => Error(422, 42201, $"Invalid schema: {reason}");

    public static IResult InvalidVersion(string version) =>
        Error(422, 42202, $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");

    public static IResult NotImplemented(string what) => Error(501, 50101, $"{what} is not implemented by this registry.");
}
