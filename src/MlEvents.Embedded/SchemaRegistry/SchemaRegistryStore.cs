namespace MlEvents.Embedded;

/// <summary>In-memory state of a Confluent-style registry: global ids by canonical schema, versions per subject.</summary>
internal sealed class SchemaRegistryStore
{
    internal sealed record StoredSchema(int Id, string Schema, string Canonical);

    internal sealed record Version(int Number, int Id);

    private readonly Lock _lock = new();
    private readonly Dictionary<int, StoredSchema> _byId = [];
    private readonly Dictionary<string, int> _idByCanonical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Version>> _subjects = new(StringComparer.Ordinal);
    private int _nextId = 1;

    public string Compatibility { get; set; } = "BACKWARD";

    /// <summary>Registers (idempotently) and returns the id; throws <see cref="Avro.SchemaParseException"/> for invalid schemas.</summary>
    public int Register(string subject, string schema)
    {
        var canonical = Avro.SchemaNormalization.ToParsingForm(Avro.Schema.Parse(schema));
        lock (_lock)
        {
            if (!_idByCanonical.TryGetValue(canonical, out var id))
            {
                id = _nextId++;
                _idByCanonical[canonical] = id;
                _byId[id] = new StoredSchema(id, schema, canonical);
            }
            if (!_subjects.TryGetValue(subject, out var versions)) _subjects[subject] = versions = [];
            if (!versions.Any(v => v.Id == id)) versions.Add(new Version(versions.Count == 0 ? 1 : versions[^1].Number + 1, id));
            return id;
        }
    }

    /// <summary>(found subject, version or null if the schema is not registered under it).</summary>
    public (bool SubjectExists, Version? Version, StoredSchema? Schema) Lookup(string subject, string schema)
    {
        var canonical = Avro.SchemaNormalization.ToParsingForm(Avro.Schema.Parse(schema));
        lock (_lock)
        {
            if (!_subjects.TryGetValue(subject, out var versions)) return (false, null, null);
            if (!_idByCanonical.TryGetValue(canonical, out var id)) return (true, null, null);
            var version = versions.FirstOrDefault(v => v.Id == id);
            return (true, version, version is null ? null : _byId[id]);
        }
    }

    public StoredSchema? GetById(int id)
    {
        lock (_lock) return _byId.GetValueOrDefault(id);
    }

    public List<string> SubjectsOf(int id)
    {
        lock (_lock) return _subjects.Where(s => s.Value.Any(v => v.Id == id)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
    }

    public List<string> Subjects()
    {
        lock (_lock) return _subjects.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public List<Version>? Versions(string subject)
    {
        lock (_lock) return _subjects.TryGetValue(subject, out var v) ? [.. v] : null;
    }
}
