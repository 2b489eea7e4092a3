namespace MlEvents.Worker.Configuration;

/// <summary>Where the worker writes the MCPs it makes.</summary>
public enum McpSink
{
    /// <summary>Avro records on DataHub's <c>MetadataChangeProposal_v1</c> topic (<see cref="WorkerOptions.McpTopic"/>).</summary>
    Kafka,

    /// <summary>GMS's Rest.li batch ingest endpoint (<c>/aspects?action=ingestProposalBatch</c>), as DataHub's REST emitters post.</summary>
    Rest,
}

/// <summary>Section <c>DataHub</c>: the MCP sink and, for <see cref="McpSink.Rest"/>, how to reach GMS.</summary>
public sealed class DataHubSinkOptions
{
    public const string SectionName = "DataHub";

    /// <summary>Environment variable read for the token when <see cref="DataHubRestOptions.Token"/> is not set (as DataHub's CLI reads it).</summary>
    public const string TokenVariable = "DATAHUB_GMS_TOKEN";

    /// <summary>Environment variable naming a file that holds the token (e.g. a mounted secret).</summary>
    public const string TokenFileVariable = "DATAHUB_GMS_TOKEN_FILE";

    public McpSink Sink { get; set; } = McpSink.Kafka;

    public DataHubRestOptions Rest { get; set; } = new();
}

/// <summary>Section <c>DataHub:Rest</c>.</summary>
public sealed class DataHubRestOptions
{
    /// <summary>GMS base URL, e.g. <c>http://datahub-gms:8080</c> or DataHub Cloud's <c>https://&lt;name&gt;.acryl.io/gms</c>.</summary>
    public string ServerUrl { get; set; } = "";

    /// <summary>Personal access token, sent as <c>Authorization: Bearer …</c>; never logged. Else <see cref="DataHubSinkOptions.TokenVariable"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token (read once at start; surrounding whitespace ignored). Else <see cref="DataHubSinkOptions.TokenFileVariable"/>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>Most MCPs per request (DataHub's emitters send at most 200).</summary>
    public int MaxBatchMcps { get; set; } = 200;

    /// <summary>Most request body bytes, besides one event's MCPs which always go (GMS refuses bodies over 16 MB).</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a partition's sender waits for more MCPs before it sends a batch that is not full.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Requests to GMS under way at once, across all partitions (one per partition at a time, for order).</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Timeout of one request; a timeout is transient (retried with backoff).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of establishing a connection.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
