using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MlEvents.DataHub.Aspects;

/// <summary>Aspect <c>dataProcessInstanceInput</c> (<c>com.linkedin.dataprocess.DataProcessInstanceInput</c>).</summary>
public sealed record DataProcessInstanceInput : IAspect<DataProcessInstanceInput>
{
    public static string AspectName => AspectNames.DataProcessInstanceInput;
    public static JsonTypeInfo<DataProcessInstanceInput> JsonTypeInfo => AspectJsonContext.Default.DataProcessInstanceInput;

    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Newer DataHub versions only; DataHub sources write <c>inputs: []</c> plus edges.</summary>
    public IReadOnlyList<Edge>? InputEdges { get; init; }
}
