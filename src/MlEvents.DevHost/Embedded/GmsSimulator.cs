using Avro.Generic;
using Confluent.Kafka;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;
using MlEvents.DataHub.Store;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;

namespace MlEvents.DevHost.Embedded;

/// <summary>What the simulated GMS did with the MCPs it was given.</summary>
public sealed record GmsSimulation(int Applied, IReadOnlyList<(MetadataChangeProposal Mcp, string Error)> Refused);

/// <summary>
/// Stands in for DataHub's GMS where there is none (embedded run, tests): applies MCPs in order to an
/// <see cref="AspectStore"/> (which refuses what GMS refuses) and, for each refused MCP, writes the record GMS writes to its
/// failed-MCP topic: a FailedMetadataChangeProposal (Avro, Confluent wire format, subject <c>&lt;topic&gt;-value</c>) holding
/// the MCP as received and the error, keyed by the entity URN.
/// </summary>
public static class GmsSimulator
{
    public static async Task<GmsSimulation> ApplyAsync(
        IEnumerable<MetadataChangeProposal> mcps, AspectStore store, string bootstrapServers, ISchemaRegistryClient registry, string failedTopic,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mcps);
        ArgumentNullException.ThrowIfNull(store);
        var refused = new List<(MetadataChangeProposal, string)>();
        var applied = 0;
        foreach (var mcp in mcps)
        {
            try
            {
                store.Apply(mcp);
                applied++;
            }
            catch (JsonPatchException e)
            {
                // GMS reports the exception (older versions: its whole stack trace); the first line names it.
                refused.Add((mcp, $"java.lang.UnsupportedOperationException: {e.Message}\n\tat (simulated GMS: MlEvents AspectStore)"));
            }
        }

        if (refused.Count > 0)
        {
            await WriteFailedMcpsAsync(refused, bootstrapServers, registry, failedTopic, cancellationToken).ConfigureAwait(false);
        }

        return new GmsSimulation(applied, refused);
    }

    /// <summary>Writes failed-MCP records as GMS does (also used by tests to write other producers' records).</summary>
    public static async Task WriteFailedMcpsAsync(
        IEnumerable<(MetadataChangeProposal Mcp, string Error)> failures, string bootstrapServers, ISchemaRegistryClient registry, string failedTopic,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var serializer = new AvroSerializer<GenericRecord>(registry, new AvroSerializerConfig { AutoRegisterSchemas = true });
        using var producer = new ProducerBuilder<string?, byte[]>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 })
            .SetLogHandler((_, _) => { }).Build();
        var context = new SerializationContext(MessageComponentType.Value, failedTopic);
        foreach (var (mcp, error) in failures)
        {
            var bytes = await serializer.SerializeAsync(FailedMcpAvro.ToGenericRecord(mcp, error), context).ConfigureAwait(false);
            await producer.ProduceAsync(failedTopic, new Message<string?, byte[]> { Key = mcp.EntityUrn, Value = bytes }, cancellationToken)
                .ConfigureAwait(false);
        }

        producer.Flush(cancellationToken);
    }
}
