using BenchmarkDotNet.Attributes;
using MlEvents.Bench.Workload;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Serialization;

namespace MlEvents.Bench.Micro;

/// <summary>
/// DataHub MCP Avro encoding of all MCPs of one event: <see cref="McpAvro.ToGenericRecord"/> plus Apache.Avro's
/// GenericDatumWriter (what the wire-format serializer does after its cached schema lookup).
/// </summary>
[MemoryDiagnoser]
public class McpAvroBenchmarks
{
    private MetadataChangeProposal[] _mcps = [];

    [Params(nameof(RunStarted), nameof(RunFinished), nameof(ModelRegistered))]
    public string EventType { get; set; } = nameof(RunStarted);

    [GlobalSetup]
    public void Setup() => _mcps = [.. new EventConverter(new ConversionOptions()).Convert(EventFactory.Create(42, EventType))];

    [Benchmark]
    public int EncodeEventMcps()
    {
        var bytes = 0;
        foreach (var mcp in _mcps)
        {
            bytes += AvroBytes.Encode(McpAvro.ToGenericRecord(mcp)).Length;
        }

        return bytes;
    }
}
