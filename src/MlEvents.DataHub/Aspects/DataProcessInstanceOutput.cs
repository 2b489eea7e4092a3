using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>dataProcessInstanceOutput</c> (<c>com.linkedin.dataprocess.DataProcessInstanceOutput</c>).</summary>
public sealed record DataProcessInstanceOutput : IAspect<DataProcessInstanceOutput>
{
    public static string AspectName => AspectNames.DataProcessInstanceOutput;
    public static JsonTypeInfo<DataProcessInstanceOutput> JsonTypeInfo => AspectJsonContext.Default.DataProcessInstanceOutput;

    public IReadOnlyList<string> Outputs { get; init; } = [];
    public IReadOnlyList<Edge>? OutputEdges { get; init; }
}
