namespace MlEvents.SchemaRegistry;

/// <summary>Schema Registry client; method names and semantics mirror Confluent.SchemaRegistry's <c>ISchemaRegistryClient</c>.</summary>
public interface ISchemaRegistryClient : IDisposable
{
    /// <summary>Upper bound of each cache.</summary>
    int MaxCachedSchemas { get; }

    /// <summary>POST /subjects/{subject}/versions. Returns the id the registry assigned (DataHub's GMS: its fixed id, whatever was posted).</summary>
    Task<int> RegisterSchemaAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default);

    /// <summary>POST /subjects/{subject} (lookup): id of an already registered schema; 404 (40401/40403) if it is not registered.</summary>
    Task<int> GetSchemaIdAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default);

    /// <summary>POST /subjects/{subject} (lookup) returning subject, version and id.</summary>
    Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, bool normalize = false, CancellationToken cancellationToken = default);

    /// <summary>GET /schemas/ids/{id}. Cached forever (ids are immutable).</summary>
    Task<Schema> GetSchemaAsync(int id, CancellationToken cancellationToken = default);

    /// <summary>GET /subjects/{subject}/versions/latest; cached for <see cref="SchemaRegistryConfig.LatestCacheTtlSecs"/>.</summary>
    Task<RegisteredSchema> GetLatestSchemaAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>GET /subjects/{subject}/versions/{version}.</summary>
    Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, CancellationToken cancellationToken = default);

    /// <summary>GET /subjects/{subject}/versions.</summary>
    Task<List<int>> GetSubjectVersionsAsync(string subject, CancellationToken cancellationToken = default);

    /// <summary>GET /subjects.</summary>
    Task<List<string>> GetAllSubjectsAsync(CancellationToken cancellationToken = default);
}
