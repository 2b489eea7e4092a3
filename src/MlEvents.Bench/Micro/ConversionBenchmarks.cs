using BenchmarkDotNet.Attributes;
using MlEvents.Bench.Workload;
using MlEvents.Contracts;
using MlEvents.Conversion;
using MlEvents.DataHub.Mcps;

namespace MlEvents.Bench.Micro;

/// <summary><see cref="EventConverter.Convert"/> (validation, URNs, aspect JSON, patches) per event type, default options.</summary>
[MemoryDiagnoser]
public class ConversionBenchmarks
{
    private readonly EventConverter _converter = new(new ConversionOptions());
    private MlEvent _event = null!;

    [Params(nameof(RunStarted), nameof(RunFinished), nameof(ModelRegistered))]
    public string EventType { get; set; } = nameof(RunStarted);

    [GlobalSetup]
    public void Setup() => _event = EventFactory.Create(42, EventType);

    [Benchmark]
    public IReadOnlyList<MetadataChangeProposal> Convert() => _converter.Convert(_event);
}
