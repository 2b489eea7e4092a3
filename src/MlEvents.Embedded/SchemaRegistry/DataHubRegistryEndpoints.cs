using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlEvents.Embedded;

/// <summary>
/// Routes emulating DataHub GMS's internal registry (SchemaRegistryController): fixed ids per subject, registration
/// ignores the posted schema, everything else answers 501 (GMS logs "not implemented" and returns no data).
/// </summary>
internal static class DataHubRegistryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, IReadOnlyDictionary<string, DataHubSubject> subjects, bool servesVersions)
    {
        var byId = subjects.Values.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());

        app.MapGet("/", () => RegistryResults.Ok(new Dictionary<string, object>()));

        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request) =>
        {
            var schema = await RegistryEndpoints.ReadSchemaAsync(request);
            if (schema.Error is not null) return schema.Error;
            return subjects.TryGetValue(subject, out var fixedSubject)
                ? RegistryResults.Ok(new { id = fixedSubject.Id })
                : Results.StatusCode(404); // GMS answers an unknown topic with an empty 404
        });

        app.MapPost("/subjects/{subject}", (string subject) => RegistryResults.NotImplemented("Schema lookup"));

        app.MapGet("/schemas/ids/{id:int}", (int id) =>
            byId.TryGetValue(id, out var s)
                ? RegistryResults.Ok(new { schema = s.Schema, schemaType = "AVRO", maxId = id })
                : Results.StatusCode(404));

        app.MapGet("/subjects", () => RegistryResults.NotImplemented("Listing subjects"));

        if (servesVersions)
        {
            app.MapGet("/subjects/{subject}/versions", (string subject) =>
                subjects.TryGetValue(subject, out var s) ? RegistryResults.Ok(new[] { s.Version }) : Results.StatusCode(404));

            app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) =>
            {
                if (!subjects.TryGetValue(subject, out var s)) return Results.StatusCode(404);
                if (version != "latest" && version != s.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                    return RegistryResults.VersionNotFound(version);
                return RegistryResults.Ok(new { subject, version = s.Version, id = s.Id, schema = s.Schema });
            });

            app.MapGet("/config", () => RegistryResults.Ok(new { compatibilityLevel = "BACKWARD" }));
            app.MapGet("/config/{subject}", (string subject) => RegistryResults.Ok(new { compatibilityLevel = "BACKWARD" }));
        }
        else
        {
            app.MapGet("/subjects/{subject}/versions", (string subject) => RegistryResults.NotImplemented("Listing versions"));
            app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) => RegistryResults.NotImplemented("Getting a version"));
            app.MapGet("/config", () => RegistryResults.NotImplemented("Getting config"));
        }
        app.MapPut("/config", () => RegistryResults.NotImplemented("Updating config"));
    }
}
