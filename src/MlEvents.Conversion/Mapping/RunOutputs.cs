using MlEvents.DataHub.Aspects;
using MlEvents.DataHub.Patch;

namespace MlEvents.Conversion.Mapping;

/// <summary>
/// Generic PATCH of a run's dataProcessInstanceOutput: edges keyed by destinationUrn, and <c>outputs</c> declared as a
/// string-keyed array so that GMS materialises the PDL-required <c>outputs: []</c> when the aspect does not exist yet.
/// </summary>
internal static class RunOutputs
{
    public static GenericJsonPatchBuilder AddEdges(IEnumerable<string> destinationUrns)
    {
        var patch = new GenericJsonPatchBuilder().KeyArray("outputs").KeyArray("outputEdges", "destinationUrn");
        foreach (var urn in destinationUrns)
        {
            patch.PutKeyed("outputEdges", "destinationUrn", urn, new Edge { DestinationUrn = urn });
        }

        return patch;
    }
}
