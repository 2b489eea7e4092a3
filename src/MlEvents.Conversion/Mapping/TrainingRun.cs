using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>Field names and list builders of mlTrainingRunProperties / mlModelProperties parameters and metrics.</summary>
internal static class TrainingRun
{
    public const string HyperParams = "hyperParams";
    public const string TrainingMetrics = "trainingMetrics";
    public const string OutputUrls = "outputUrls";
    public const string Name = "name";

    public static IReadOnlyList<MlHyperParam>? HyperParamList(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? null : Array.ConvertAll(Values.Ordered(map), e => new MlHyperParam { Name = e.Key, Value = e.Value });

    public static IReadOnlyList<MlMetric>? MetricList(IReadOnlyDictionary<string, double> map) =>
        map.Count == 0 ? null : Array.ConvertAll(Values.Ordered(map), e => new MlMetric { Name = e.Key, Value = Values.Metric(e.Value) });

    public static void PutHyperParams(GenericJsonPatchBuilder patch, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (name, value) in Values.Ordered(map))
        {
            patch.PutKeyed(HyperParams, Name, name, new MlHyperParam { Name = name, Value = value });
        }
    }
}
