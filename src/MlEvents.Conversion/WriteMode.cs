namespace MlEvents.Conversion;

/// <summary>How the MCPs of an event are written to DataHub (docs/MAPPING.md, "Write modes").</summary>
public enum WriteMode
{
    /// <summary>
    /// Default; every DataHub from v1.0.0 applies it. Whole-aspect UPSERTs, each aspect owned by one event type (or written
    /// cumulatively), plus RFC 6902 PATCHes only on <c>globalTags</c>, an aspect with a patch template in every release.
    /// </summary>
    Standard,

    /// <summary>
    /// Opt-in. Facts several events contribute to one aspect (run parameters and metrics, run outputs, a group's runs) are
    /// written as generic JSON PATCHes with <c>forceGenericPatch</c> on aspects that have no patch template. Needs a DataHub
    /// whose GMS applies such PATCHes; every stored DataHub version refuses them (docs/MAPPING.md says how to check).
    /// </summary>
    GenericPatch,
}
