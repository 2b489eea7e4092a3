using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Avro;
using Avro.Generic;
using Avro.IO;
using Avro.Specific;
using Confluent.Kafka;
using AvroSchema = Avro.Schema;

namespace MlEvents.SchemaRegistry;

/// <summary>
/// Confluent-wire-format Avro deserializer for <see cref="GenericRecord"/> and <see cref="ISpecificRecord"/>
/// (Confluent <c>AvroDeserializer&lt;T&gt;</c>). Fetches the writer schema by id (cached) and resolves it against the
/// reader schema (config, the specific type's schema, or the writer schema); one cached DatumReader per writer id.
/// </summary>
/// <remarks>
/// Errors: <see cref="InvalidDataException"/> for bytes that are not Confluent wire format or do not decode (permanent);
/// <see cref="SchemaRegistryException"/> for registry failures (unknown id: permanent, status 404 / 40403;
/// unreachable: <see cref="SchemaRegistryUnavailableException"/>, transient); <see cref="AvroSchemaIncompatibleException"/>
/// when writer and reader schema cannot be resolved (permanent).
/// </remarks>
public sealed class AvroDeserializer<T> : IAsyncDeserializer<T>
{
    private readonly ISchemaRegistryClient _client;
    private readonly AvroSchema? _readerSchema;
    private readonly bool _specific;
    private readonly ConcurrentDictionary<int, DatumReader<T>> _readers = new();

    public AvroDeserializer(ISchemaRegistryClient schemaRegistryClient, AvroDeserializerConfig? config = null)
    {
        _client = schemaRegistryClient ?? throw new ArgumentNullException(nameof(schemaRegistryClient));
        _specific = typeof(ISpecificRecord).IsAssignableFrom(typeof(T));
        if (!_specific && typeof(T) != typeof(GenericRecord) && typeof(T) != typeof(object))
            throw new NotSupportedException($"AvroDeserializer supports GenericRecord and ISpecificRecord, not {typeof(T)}.");
        _readerSchema = _specific
            ? ((ISpecificRecord)Activator.CreateInstance(typeof(T))!).Schema
            : config?.ReaderSchema is { } text ? AvroSchema.Parse(text) : null;
    }

    public Task<T> DeserializeAsync(ReadOnlyMemory<byte> data, bool isNull, SerializationContext context)
    {
        if (isNull) return Task.FromResult<T>(default!);
        try
        {
            var id = WireFormat.ReadSchemaId(data.Span);
            return _readers.TryGetValue(id, out var reader)
                ? Task.FromResult(Decode(reader, id, data))
                : DeserializeSlowAsync(id, data);
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private async Task<T> DeserializeSlowAsync(int id, ReadOnlyMemory<byte> data)
    {
        var writerText = (await _client.GetSchemaAsync(id).ConfigureAwait(false)).SchemaString;
        var reader = _readers.GetOrAdd(id, _ => CreateReader(id, writerText));
        return Decode(reader, id, data);
    }

    private DatumReader<T> CreateReader(int id, string writerText)
    {
        AvroSchema writer;
        try
        {
            writer = AvroSchema.Parse(writerText);
        }
        catch (SchemaParseException e)
        {
            throw new AvroSchemaIncompatibleException($"Writer schema id {id} is not a valid Avro schema: {e.Message}", e);
        }
        var reader = _readerSchema ?? writer;
        try
        {
            return _specific ? new SpecificDatumReader<T>(writer, reader) : new GenericDatumReader<T>(writer, reader);
        }
        catch (AvroException e)
        {
            throw new AvroSchemaIncompatibleException($"Writer schema id {id} cannot be read with the reader schema: {e.Message}", e);
        }
    }

    private static T Decode(DatumReader<T> reader, int id, ReadOnlyMemory<byte> data)
    {
        var body = data[WireFormat.HeaderSize..];
        var stream = MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
        try
        {
            var value = reader.Read(default!, new BoundedBinaryDecoder(stream));
            return value;
        }
        catch (Exception e) when (e is AvroException or EndOfStreamException or IOException or InvalidCastException
                                       or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            if (e is AvroException { Message: var m } && m.Contains("resolv", StringComparison.OrdinalIgnoreCase))
                throw new AvroSchemaIncompatibleException($"Writer schema id {id} cannot be read with the reader schema: {m}", e);
            throw new InvalidDataException($"Payload with schema id {id} does not decode as Avro: {e.Message}", e);
        }
    }
}
