using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MlEvents.Embedded;

/// <summary>Rest.li 2.0 answers as GMS's Rest.li servlet writes them.</summary>
internal static class RestLiResults
{
    public const string ExceptionClass = "com.linkedin.restli.server.RestLiServiceException";

    /// <summary>An action's return value: <c>{"value": …}</c>.</summary>
    public static IResult ActionValue(string value) => new RestLiResult(200, new JsonObject { ["value"] = value }, isError: false);

    /// <summary>
    /// A <c>RestLiServiceException</c> as Rest.li serialises it (header <c>X-RestLi-Error-Response: true</c>, body
    /// <c>{exceptionClass, message, status, stackTrace}</c>); <paramref name="message"/> is what the exception carries.
    /// </summary>
    public static IResult Error(int status, string message) => new RestLiResult(status, new JsonObject
    {
        ["exceptionClass"] = ExceptionClass,
        ["stackTrace"] = $"{ExceptionClass} [HTTP Status:{status}]: {message}\n\tat (MlEvents EmbeddedGms)",
        ["message"] = message,
        ["status"] = status,
    }, isError: true);

    public static IResult Json(int status, JsonNode body) =>
        Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private sealed class RestLiResult(int status, JsonObject body, bool isError) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (isError) httpContext.Response.Headers["X-RestLi-Error-Response"] = "true";
            httpContext.Response.Headers["X-RestLi-Protocol-Version"] = "2.0.0";
            return Json(status, body).ExecuteAsync(httpContext);
        }
    }
}
