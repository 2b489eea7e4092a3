using System.Collections.Concurrent;
using Avro;
using Avro.Generic;
using Avro.IO;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Translation.Serdes;

/// <summary>
/// Writes DataHub MCP records in Confluent's wire format, byte for byte what Confluent's <c>AvroSerializer&lt;GenericRecord&gt;</c>
/// writes (same subject, register / lookup / latest, id), without its per-message lock, schema hashing and writer allocation:
/// subject, id and writer are resolved once per topic. Records are written with the schema the id stands for, not the posted
/// one: DataHub GMS answers every registration with its fixed id for the topic, and its schema can differ. MCPs are
/// written straight into a per-thread buffer (<see cref="McpBinaryWriter"/>) when the schema allows it. Thread-safe.
/// </summary>
public sealed class McpAvroWriter(ISchemaRegistryClient registry, AvroSerializerConfig config)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Plan>>> _plans = new(StringComparer.Ordinal);

    /// <summary>How MCPs are written to one topic: build records with <see cref="Records"/>, encode each with <see cref="Write"/>.</summary>
    public sealed class Plan
    {
        [ThreadStatic] private static MemoryStream? t_buffer;
        [ThreadStatic] private static BinaryEncoder? t_encoder;

        private readonly byte[] _header;
        private readonly GenericDatumWriter<GenericRecord> _writer;
        private readonly McpBinaryWriter? _direct;

        internal Plan(string subject, int schemaId, RecordSchema schema)
        {
            Subject = subject;
            SchemaId = schemaId;
            Schema = schema;
            Records = McpRecordFactory.For(schema);
            _header = ConfluentWireFormat.Header(schemaId);
            _writer = new GenericDatumWriter<GenericRecord>(schema);
            _direct = McpBinaryWriter.For(schema);
        }

        public string Subject { get; }

        public int SchemaId { get; }

        /// <summary>The schema the id stands for, which the records must be built with.</summary>
        public RecordSchema Schema { get; }

        public McpRecordFactory Records { get; }

        /// <summary>True when MCPs are written straight from the model (<see cref="McpBinaryWriter"/>), not through records.</summary>
        public bool WritesDirectly => _direct is not null;

        /// <summary>
        /// The MCP's record in Confluent's wire format: written directly when the schema allows it, else (or for an MCP
        /// only the generic path can judge) through <see cref="McpAvro.ToGenericRecord"/>, which also raises its errors.
        /// </summary>
        public byte[] Write(MetadataChangeProposal mcp)
        {
            ArgumentNullException.ThrowIfNull(mcp);
            if (_direct is not null)
            {
                var buffer = AvroBinaryBuffer.ForThread();
                buffer.WriteRaw(_header);
                if (_direct.TryWrite(mcp, buffer))
                {
                    return buffer.ToArray();
                }
            }

            return Write(McpAvro.ToGenericRecord(mcp, Schema));
        }

        public byte[] Write(GenericRecord record)
        {
            var buffer = t_buffer ??= new MemoryStream(1024);
            var encoder = t_encoder ??= new BinaryEncoder(buffer);
            buffer.SetLength(0);
            buffer.Write(_header);
            try
            {
                _writer.Write(record, encoder);
                return buffer.ToArray();
            }
            finally
            {
                if (buffer.Capacity > 1 << 20)
                {
                    t_buffer = null; // keep no huge buffer alive per thread
                    t_encoder = null;
                }
            }
        }
    }

    /// <summary>The plan for <paramref name="topic"/>, from the registry on first use; a failed attempt is retried on the next call.</summary>
    public Task<Plan> PlanForAsync(string topic, CancellationToken cancellationToken)
    {
        var entry = _plans.GetOrAdd(topic, NewEntry);
        if (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _plans.TryRemove(KeyValuePair.Create(topic, entry));
            entry = _plans.GetOrAdd(topic, NewEntry);
        }

        return entry.Value.IsCompleted ? entry.Value : entry.Value.WaitAsync(cancellationToken);
    }

    private Lazy<Task<Plan>> NewEntry(string topic) => new(() => ResolveAsync(topic));

    private async Task<Plan> ResolveAsync(string topic)
    {
        var strategy = (config.SubjectNameStrategy ?? SubjectNameStrategy.Topic).ToAsyncDelegate(registry, config);
        var subject = await strategy(new SerializationContext(MessageComponentType.Value, topic), McpAvro.Schema.Fullname).ConfigureAwait(false);
        RegisteredSchema registered;
        if (config.UseLatestVersion == true)
        {
            registered = await registry.GetLatestSchemaAsync(subject).ConfigureAwait(false);
        }
        else
        {
            var local = new Confluent.SchemaRegistry.Schema(McpAvro.SchemaJson, [], SchemaType.Avro);
            var normalize = config.NormalizeSchemas ?? false;
            var id = config.AutoRegisterSchemas ?? true
                ? await registry.RegisterSchemaAsync(subject, local, normalize).ConfigureAwait(false)
                : (await registry.LookupSchemaAsync(subject, local, ignoreDeletedSchemas: true, normalize).ConfigureAwait(false)).Id;
            var byId = await registry.GetSchemaAsync(id).ConfigureAwait(false);
            registered = new RegisteredSchema(subject, 0, id, byId.SchemaString, SchemaType.Avro, []);
        }

        return new Plan(subject, registered.Id, ParseMcpSchema(registered));
    }

    private static RecordSchema ParseMcpSchema(RegisteredSchema registered)
    {
        try
        {
            return global::Avro.Schema.Parse(registered.SchemaString) as RecordSchema
                ?? throw new AvroSchemaIncompatibleException($"Schema id {registered.Id} of subject '{registered.Subject}' is not an Avro record.");
        }
        catch (SchemaParseException e)
        {
            throw new AvroSchemaIncompatibleException($"Schema id {registered.Id} of subject '{registered.Subject}' is not a valid Avro schema: {e.Message}", e);
        }
    }
}
