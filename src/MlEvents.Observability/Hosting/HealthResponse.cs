using System.Text.Json.Serialization;

namespace MlEvents.Observability.Hosting;

internal sealed record HealthEntry(string Status, string? Description, string? Error);

internal sealed record HealthResponse(string Status, IReadOnlyDictionary<string, HealthEntry> Checks);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
