using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MlEvents.Embedded;

/// <summary>Routes of a normal (Confluent-like) registry backed by <see cref="SchemaRegistryStore"/>.</summary>
internal static class RegistryEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SchemaRegistryStore store)
    {
        app.MapGet("/", () => RegistryResults.Ok(new Dictionary<string, object>()));

        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request) =>
        {
            var schema = await ReadSchemaAsync(request);
            if (schema.Error is not null) return schema.Error;
            try
            {
                return RegistryResults.Ok(new { id = store.Register(subject, schema.Text!) });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return RegistryResults.InvalidSchema(e.Message);
            }
        });

        app.MapPost("/subjects/{subject}", async (string subject, HttpRequest request) =>
        {
            var schema = await ReadSchemaAsync(request);
            if (schema.Error is not null) return schema.Error;
            try
            {
                var (exists, version, stored) = store.Lookup(subject, schema.Text!);
                if (!exists) return RegistryResults.SubjectNotFound(subject);
                if (version is null || stored is null) return RegistryResults.SchemaNotFound("not registered under this subject:");
                return RegistryResults.Ok(new { subject, id = stored.Id, version = version.Number, schema = stored.Schema });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return RegistryResults.InvalidSchema(e.Message);
            }
        });

        app.MapGet("/schemas/ids/{id:int}", (int id) =>
            store.GetById(id) is { } s ? RegistryResults.Ok(new { schema = s.Schema }) : RegistryResults.SchemaNotFound(id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        app.MapGet("/schemas/ids/{id:int}/subjects", (int id) =>
            store.GetById(id) is null ? RegistryResults.SchemaNotFound(id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : RegistryResults.Ok(store.SubjectsOf(id)));

        app.MapGet("/subjects", () => RegistryResults.Ok(store.Subjects()));

        app.MapGet("/subjects/{subject}/versions", (string subject) =>
            store.Versions(subject) is { } versions ? RegistryResults.Ok(versions.Select(v => v.Number).ToList()) : RegistryResults.SubjectNotFound(subject));

        app.MapGet("/subjects/{subject}/versions/{version}", (string subject, string version) =>
        {
            if (store.Versions(subject) is not { } versions) return RegistryResults.SubjectNotFound(subject);
            SchemaRegistryStore.Version? found;
            if (version == "latest" || version == "-1") found = versions.LastOrDefault();
            else if (int.TryParse(version, out var number) && number > 0) found = versions.FirstOrDefault(v => v.Number == number);
            else return RegistryResults.InvalidVersion(version);
            if (found is null) return RegistryResults.VersionNotFound(version);
            var stored = store.GetById(found.Id)!;
            return RegistryResults.Ok(new { subject, version = found.Number, id = found.Id, schema = stored.Schema });
        });

        app.MapGet("/config", () => RegistryResults.Ok(new { compatibilityLevel = store.Compatibility }));

        app.MapPut("/config", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            if (!body.RootElement.TryGetProperty("compatibility", out var level) || level.GetString() is not { Length: > 0 } value)
                return RegistryResults.Error(422, 42203, "Invalid compatibility level");
            store.Compatibility = value.ToUpperInvariant();
            return RegistryResults.Ok(new { compatibility = store.Compatibility });
        });
    }

    internal readonly record struct SchemaBody(string? Text, IResult? Error);

    internal static async Task<SchemaBody> ReadSchemaAsync(HttpRequest request)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            if (body.RootElement.ValueKind != JsonValueKind.Object
                || !body.RootElement.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String)
                return new SchemaBody(null, RegistryResults.InvalidSchema("the body must be {\"schema\": \"...\"}"));
            if (body.RootElement.TryGetProperty("schemaType", out var type) && type.GetString() is { } t && !t.Equals("AVRO", StringComparison.OrdinalIgnoreCase))
                return new SchemaBody(null, RegistryResults.InvalidSchema($"schemaType {t} is not supported (Avro only)"));
            return new SchemaBody(schema.GetString(), null);
        }
        catch (JsonException e)
        {
            return new SchemaBody(null, RegistryResults.Error(400, 400, $"Malformed JSON: {e.Message}"));
        }
    }
}
