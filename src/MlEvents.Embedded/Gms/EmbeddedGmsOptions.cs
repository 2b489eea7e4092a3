using MlEvents.DataHub.Store;

namespace MlEvents.Embedded;

/// <summary>Options of <see cref="EmbeddedGms"/>.</summary>
public sealed class EmbeddedGmsOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one (kept across <see cref="EmbeddedGms.TakeDownAsync"/> / <see cref="EmbeddedGms.BringUpAsync"/>).</summary>
    public int Port { get; set; }

    /// <summary>
    /// When set, every request except <c>GET /health</c> and <c>GET /config</c> (GMS's default
    /// <c>authentication.excludedPaths</c>) must carry <c>Authorization: Bearer &lt;Token&gt;</c>, or gets 401
    /// "Unauthorized to perform this action." as from GMS with metadata-service authentication on. Null: no authentication.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The version <c>GET /config</c> reports under <c>versions["acryldata/datahub"].version</c>. The default v1.0.0 is the
    /// first release with the ML model (see ../shared/datahub/NOTES.md (g)) and below v1.0.1, from which DataHub's Python SDK
    /// switches from these Rest.li endpoints to OpenAPI.
    /// </summary>
    public string Version { get; set; } = "v1.0.0";

    /// <summary>Which DataHub behaviour the underlying <see cref="AspectStore"/> models (e.g. generic PATCH on any aspect).</summary>
    public AspectStoreOptions Store { get; set; } = new();
}
