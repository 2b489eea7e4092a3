using MlEvents.Worker.Configuration;

namespace MlEvents.Worker.Sink;

/// <summary>What the partitions' GMS senders share: the client, the bound on concurrent requests and the batching settings.</summary>
internal sealed class GmsSink(GmsClient client, DataHubRestOptions options)
{
    // Never disposed: senders of abandoned partitions may still be waiting on it (it holds no wait handle).
    private readonly SemaphoreSlim _requests = new(options.MaxConcurrentRequests, options.MaxConcurrentRequests);

    public GmsClient Client { get; } = client;

    public DataHubRestOptions Options { get; } = options;

    public string ServerUrl => Options.ServerUrl;

    /// <summary>Posts one batch body, waiting for a free request slot first.</summary>
    public async Task<GmsAnswer> IngestAsync(byte[] body, CancellationToken cancellationToken)
    {
        await _requests.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Client.IngestAsync(body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _requests.Release();
        }
    }
}
