using System.Collections.Concurrent;
using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using AvroSchema = Avro.Schema;

namespace MlEvents.SchemaRegistry;

/// <summary>
/// Confluent-wire-format Avro serializer for <see cref="GenericRecord"/> and <see cref="ISpecificRecord"/>
/// (Confluent <c>AvroSerializer&lt;T&gt;</c>). After obtaining the schema id (register, lookup or latest) it fetches
/// the schema the id denotes and writes the datum with exactly that schema, conforming the record by field name if its
/// own schema differs (needed for DataHub's GMS registry, which answers every registration with its own fixed id).
/// The resulting plan is cached per (topic, component, record schema instance): steady state does no HTTP,
/// no schema comparison, and allocates only the output array.
/// </summary>
/// <remarks>
/// Errors: <see cref="SchemaRegistryException"/> (check <see cref="SchemaRegistryException.IsTransient"/>),
/// <see cref="AvroSchemaIncompatibleException"/> (permanent), Avro exceptions for data that does not match its own schema (permanent).
/// </remarks>
public sealed class AvroSerializer<T> : IAsyncSerializer<T>
{
    private sealed record Plan(byte[] Header, ValueWriter Write);

    private readonly record struct PlanKey(string Topic, MessageComponentType Component, AvroSchema Schema);

    private readonly ISchemaRegistryClient _client;
    private readonly AvroSerializerConfig _config;
    private readonly SubjectNameStrategyDelegate _subjectName;
    private readonly ConcurrentDictionary<PlanKey, Plan> _plans = new(new PlanKeyComparer());
    // Second level: a new schema instance with known content must not cost another registry round trip.
    private readonly ConcurrentDictionary<(string Topic, MessageComponentType Component, string Canonical), Plan> _plansByCanonical = new();

    private const int MaxPlans = 1024;
    private int _planCount;

    [ThreadStatic] private static MemoryStream? t_buffer;
    [ThreadStatic] private static BinaryEncoder? t_encoder;

    public AvroSerializer(ISchemaRegistryClient schemaRegistryClient, AvroSerializerConfig? config = null)
    {
        _client = schemaRegistryClient ?? throw new ArgumentNullException(nameof(schemaRegistryClient));
        _config = config ?? new AvroSerializerConfig();
        if (_config.UseLatestVersion && _config.AutoRegisterSchemas)
            throw new ArgumentException("AvroSerializer: cannot enable both UseLatestVersion and AutoRegisterSchemas (as in Confluent's serializer).");
        if (!typeof(GenericRecord).IsAssignableFrom(typeof(T)) && !typeof(ISpecificRecord).IsAssignableFrom(typeof(T)) && typeof(T) != typeof(object))
            throw new NotSupportedException($"AvroSerializer supports GenericRecord and ISpecificRecord, not {typeof(T)}.");
        _subjectName = _config.SubjectNameStrategyDelegate ?? _config.SubjectNameStrategy.ToDelegate();
    }

    public Task<byte[]> SerializeAsync(T data, SerializationContext context)
    {
        if (data is null) return Task.FromResult<byte[]>(null!); // Confluent: null datum -> null payload (tombstone)
        try
        {
            var schema = SchemaOf(data);
            return _plans.TryGetValue(new PlanKey(context.Topic, context.Component, schema), out var plan)
                ? Task.FromResult(Encode(plan, data))
                : SerializeSlowAsync(data, schema, context);
        }
        catch (Exception e)
        {
            return Task.FromException<byte[]>(e);
        }
    }

    private async Task<byte[]> SerializeSlowAsync(T data, AvroSchema schema, SerializationContext context)
    {
        var canonicalKey = (context.Topic, context.Component, AvroCanonical.Of(schema));
        if (!_plansByCanonical.TryGetValue(canonicalKey, out var plan))
        {
            plan = await BuildPlanAsync(data!, schema, context).ConfigureAwait(false);
            _plansByCanonical.TryAdd(canonicalKey, plan);
        }
        // Keyed by schema instance: a caller that parses a schema per message must not grow this without bound.
        if (Interlocked.Increment(ref _planCount) > MaxPlans)
        {
            _plans.Clear();
            Interlocked.Exchange(ref _planCount, 0);
        }
        _plans.TryAdd(new PlanKey(context.Topic, context.Component, schema), plan);
        return Encode(plan, data);
    }

    private async Task<Plan> BuildPlanAsync(object data, AvroSchema recordSchema, SerializationContext context)
    {
        var subject = _subjectName(context, (recordSchema as Avro.NamedSchema)?.Fullname);
        int id;
        string? registrySchemaText = null;
        if (_config.UseLatestVersion)
        {
            var latest = await _client.GetLatestSchemaAsync(subject).ConfigureAwait(false);
            id = latest.Id;
            registrySchemaText = latest.SchemaString;
        }
        else
        {
            var schema = Schema.Avro(recordSchema.ToString());
            id = _config.AutoRegisterSchemas
                ? await _client.RegisterSchemaAsync(subject, schema, _config.NormalizeSchemas).ConfigureAwait(false)
                : await _client.GetSchemaIdAsync(subject, schema, _config.NormalizeSchemas).ConfigureAwait(false);
        }
        if (string.IsNullOrEmpty(registrySchemaText))
            registrySchemaText = (await _client.GetSchemaAsync(id).ConfigureAwait(false)).SchemaString;

        AvroSchema registrySchema;
        try
        {
            registrySchema = AvroSchema.Parse(registrySchemaText);
        }
        catch (Avro.SchemaParseException e)
        {
            throw new AvroSchemaIncompatibleException($"Schema id {id} of subject '{subject}' is not a valid Avro schema: {e.Message}", e);
        }

        ValueWriter write;
        try
        {
            // Compiled even for identical schemas: position-based and allocation-free, unlike GenericDatumWriter.
            write = SchemaConformer.Compile(AvroCanonical.Same(registrySchema, recordSchema) ? recordSchema : registrySchema, recordSchema);
        }
        catch (AvroSchemaIncompatibleException e)
        {
            throw new AvroSchemaIncompatibleException($"Subject '{subject}', schema id {id}: {e.Message}", e);
        }
        return new Plan(WireFormat.Header(id), write);
    }

    private byte[] Encode(Plan plan, T data)
    {
        var buffer = t_buffer ??= new MemoryStream(Math.Max(64, _config.BufferBytes));
        var encoder = t_encoder ??= new BinaryEncoder(buffer);
        buffer.SetLength(0);
        buffer.Write(plan.Header);
        try
        {
            plan.Write(data, encoder);
            return buffer.ToArray();
        }
        finally
        {
            if (buffer.Capacity > 1 << 20)
            {
                // Do not keep one huge message's buffer alive per thread.
                t_buffer = null;
                t_encoder = null;
            }
        }
    }

    private static AvroSchema SchemaOf(T data) => data switch
    {
        GenericRecord g => g.Schema,
        ISpecificRecord s => s.Schema,
        _ => throw new NotSupportedException($"AvroSerializer supports GenericRecord and ISpecificRecord, not {data!.GetType()}."),
    };

    private sealed class PlanKeyComparer : IEqualityComparer<PlanKey>
    {
        public bool Equals(PlanKey x, PlanKey y) =>
            ReferenceEquals(x.Schema, y.Schema) && x.Component == y.Component && string.Equals(x.Topic, y.Topic, StringComparison.Ordinal);

        public int GetHashCode(PlanKey key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Schema), key.Component, key.Topic);
    }
}
