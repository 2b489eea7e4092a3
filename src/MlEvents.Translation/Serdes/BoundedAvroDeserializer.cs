using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Avro;
using Avro.Generic;
using Avro.IO;
using Confluent.SchemaRegistry;

namespace MlEvents.Translation.Serdes;

/// <summary>
/// Reads Confluent-wire-format Avro records into <see cref="GenericRecord"/>s of <paramref name="readerSchema"/>, with the
/// writer schema the record's id names (fetched through Confluent's <see cref="ISchemaRegistryClient"/>, which caches it).
/// Unlike Confluent's <c>AvroDeserializer</c>: decoding is bounded (<see cref="BoundedBinaryDecoder"/>), registry calls honour
/// cancellation, bad bytes (<see cref="InvalidDataException"/>) and incompatible schemas (<see cref="AvroSchemaIncompatibleException"/>)
/// are told apart; registry failures stay Confluent's exceptions (see <see cref="SchemaRegistryErrors"/>). Thread-safe.
/// </summary>
public sealed class BoundedAvroDeserializer(ISchemaRegistryClient registry, global::Avro.Schema readerSchema)
{
    private readonly ConcurrentDictionary<int, DatumReader<GenericRecord>> _readers = new();

    public ValueTask<GenericRecord> DeserializeAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var id = ConfluentWireFormat.ReadSchemaId(data.Span);
        return _readers.TryGetValue(id, out var reader)
            ? ValueTask.FromResult(Decode(reader, id, data))
            : DeserializeWithNewReaderAsync(id, data, cancellationToken);
    }

    private async ValueTask<GenericRecord> DeserializeWithNewReaderAsync(int id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var writer = await registry.GetSchemaAsync(id).WaitAsync(cancellationToken).ConfigureAwait(false);
        var reader = _readers.GetOrAdd(id, _ => CreateReader(id, writer.SchemaString));
        return Decode(reader, id, data);
    }

    private GenericDatumReader<GenericRecord> CreateReader(int id, string writerText)
    {
        try
        {
            return new GenericDatumReader<GenericRecord>(global::Avro.Schema.Parse(writerText), readerSchema);
        }
        catch (SchemaParseException e)
        {
            throw new AvroSchemaIncompatibleException($"Writer schema id {id} is not a valid Avro schema: {e.Message}", e);
        }
        catch (AvroException e)
        {
            throw new AvroSchemaIncompatibleException($"Writer schema id {id} cannot be read with the reader schema: {e.Message}", e);
        }
    }

    private static GenericRecord Decode(DatumReader<GenericRecord> reader, int id, ReadOnlyMemory<byte> data)
    {
        var body = data[ConfluentWireFormat.HeaderSize..];
        var segment = MemoryMarshal.TryGetArray(body, out var array) ? array : new ArraySegment<byte>(body.ToArray());
        var stream = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false, publiclyVisible: true);
        try
        {
            return reader.Read(default!, new BoundedBinaryDecoder(stream));
        }
        catch (Exception e) when (e is AvroException or EndOfStreamException or IOException or InvalidCastException
                                       or IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            if (e is AvroException { Message: var m } && m.Contains("resolv", StringComparison.OrdinalIgnoreCase))
            {
                throw new AvroSchemaIncompatibleException($"Writer schema id {id} cannot be read with the reader schema: {m}", e);
            }

            throw new InvalidDataException($"Payload with schema id {id} does not decode as Avro: {e.Message}", e);
        }
    }
}
