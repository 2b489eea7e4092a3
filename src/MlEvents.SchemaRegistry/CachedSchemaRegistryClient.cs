using MlEvents.SchemaRegistry.Rest;

namespace MlEvents.SchemaRegistry;

/// <summary>
/// Caching registry client (Confluent <c>CachedSchemaRegistryClient</c>). Caches schema by id (forever), id by
/// (subject, schema, normalize) (forever), latest by subject (with <see cref="SchemaRegistryConfig.LatestCacheTtlSecs"/>).
/// Thread-safe; identical concurrent misses share one HTTP call.
/// </summary>
/// <remarks>
/// Registering does not seed the id-to-schema cache: DataHub's GMS registry answers a registration with an id
/// that denotes a different schema than the one posted.
/// </remarks>
public sealed class CachedSchemaRegistryClient : ISchemaRegistryClient
{
    private readonly RestService _rest;
    private readonly AsyncCache<int, Schema> _schemaById;
    private readonly AsyncCache<(string Subject, string Schema, SchemaType Type, bool Normalize), int> _idBySubjectSchema;
    private readonly AsyncCache<(string Subject, string Schema, SchemaType Type, bool Normalize), RegisteredSchema> _lookupBySubjectSchema;
    private readonly AsyncCache<string, RegisteredSchema> _latestBySubject;
    private readonly AsyncCache<(string Subject, int Version), RegisteredSchema> _bySubjectVersion;

    /// <param name="timeProvider">Clock of the latest-version cache's TTL (<see cref="TimeProvider.System"/> when null).</param>
    public CachedSchemaRegistryClient(SchemaRegistryConfig config, HttpMessageHandler? httpMessageHandler = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        MaxCachedSchemas = config.MaxCachedSchemas > 0 ? config.MaxCachedSchemas : 1000;
        _rest = new RestService(config, httpMessageHandler);
        _schemaById = new(MaxCachedSchemas);
        _idBySubjectSchema = new(MaxCachedSchemas);
        _lookupBySubjectSchema = new(MaxCachedSchemas);
        _latestBySubject = new(MaxCachedSchemas, config.LatestCacheTtlSecs is > 0 and var s ? TimeSpan.FromSeconds(s) : null, timeProvider);
        _bySubjectVersion = new(MaxCachedSchemas);
    }

    public int MaxCachedSchemas { get; }

    public Task<int> RegisterSchemaAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return _idBySubjectSchema.GetOrFetchAsync((subject, schema.SchemaString, schema.SchemaType, normalize), async key =>
        {
            var response = await _rest.PostAsync<IdResponse>(
                $"subjects/{Escape(key.Subject)}/versions{NormalizeQuery(key.Normalize)}",
                new SchemaRequest(key.Schema, SchemaTypeNames.ToWire(key.Type)), CancellationToken.None).ConfigureAwait(false);
            return response.Id;
        }, cancellationToken);
    }

    public Task<int> GetSchemaIdAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return _idBySubjectSchema.GetOrFetchAsync((subject, schema.SchemaString, schema.SchemaType, normalize), async key =>
        {
            var registered = await LookupSchemaAsync(key.Subject, new Schema(key.Schema, key.Type), key.Normalize).ConfigureAwait(false);
            return registered.Id;
        }, cancellationToken);
    }

    public Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return _lookupBySubjectSchema.GetOrFetchAsync((subject, schema.SchemaString, schema.SchemaType, normalize), async key =>
        {
            var response = await _rest.PostAsync<SchemaResponse>(
                $"subjects/{Escape(key.Subject)}{NormalizeQuery(key.Normalize)}",
                new SchemaRequest(key.Schema, SchemaTypeNames.ToWire(key.Type)), CancellationToken.None).ConfigureAwait(false);
            return ToRegistered(response, key.Subject, key.Schema);
        }, cancellationToken);
    }

    public Task<Schema> GetSchemaAsync(int id, CancellationToken cancellationToken = default) =>
        _schemaById.GetOrFetchAsync(id, async key =>
        {
            var response = await _rest.GetAsync<SchemaResponse>($"schemas/ids/{key}", CancellationToken.None).ConfigureAwait(false);
            if (string.IsNullOrEmpty(response.Schema))
                throw new SchemaRegistryException($"GET schemas/ids/{key} returned no schema.", null, -1, isTransient: false);
            return new Schema(response.Schema, SchemaTypeNames.FromWire(response.SchemaType));
        }, cancellationToken);

    public Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return _latestBySubject.GetOrFetchAsync(subject, key => FetchVersionAsync(key, "latest"), cancellationToken);
    }

    public Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return _bySubjectVersion.GetOrFetchAsync((subject, version),
            key => FetchVersionAsync(key.Subject, key.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
    }

    public Task<List<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return _rest.GetAsync<List<int>>($"subjects/{Escape(subject)}/versions", cancellationToken);
    }

    public Task<List<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default) =>
        _rest.GetAsync<List<string>>("subjects", cancellationToken);

    private async Task<RegisteredSchema> FetchVersionAsync(string subject, string version)
    {
        var response = await _rest.GetAsync<SchemaResponse>($"subjects/{Escape(subject)}/versions/{version}", CancellationToken.None).ConfigureAwait(false);
        var registered = ToRegistered(response, subject, null);
        // A version answer carries id and schema together, so it can seed the id cache safely.
        _schemaById.Set(registered.Id, new Schema(registered.SchemaString, registered.SchemaType));
        return registered;
    }

    private static RegisteredSchema ToRegistered(SchemaResponse response, string subject, string? postedSchema)
    {
        if (response.Id is not { } id)
            throw new SchemaRegistryException($"Registry answer for subject '{subject}' has no id.", null, -1, isTransient: false);
        return new RegisteredSchema(response.Subject ?? subject, response.Version ?? 0, id,
            response.Schema ?? postedSchema ?? "", SchemaTypeNames.FromWire(response.SchemaType));
    }

    private static string Escape(string subject) => Uri.EscapeDataString(subject);

    private static string NormalizeQuery(bool normalize) => normalize ? "?normalize=true" : "";

    public void Dispose() => _rest.Dispose();
}
