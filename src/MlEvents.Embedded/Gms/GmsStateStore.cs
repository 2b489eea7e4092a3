using MlEvents.DataHub.Mcps;
using MlEvents.DataHub.Store;

namespace MlEvents.Embedded;

/// <summary>
/// The <see cref="AspectStore"/> behind <see cref="EmbeddedGms"/>, serialised by a lock, and the mapping of a refusal to
/// the status and message GMS answers with (sources in <see cref="EmbeddedGms"/>'s remarks).
/// </summary>
internal sealed class GmsStateStore(AspectStoreOptions options)
{
    private readonly Lock _lock = new();
    private readonly AspectStore _store = new(options);
    private readonly List<GmsRefusal> _refusals = [];
    private long _applied;

    public long ProposalsApplied => Interlocked.Read(ref _applied);

    public IReadOnlyList<GmsRefusal> Refusals
    {
        get
        {
            lock (_lock)
            {
                return [.. _refusals];
            }
        }
    }

    /// <summary>Applies all proposals or none; null on success, else the refusal.</summary>
    public GmsRefusal? Ingest(IReadOnlyList<MetadataChangeProposal> proposals)
    {
        lock (_lock)
        {
            var current = 0;
            try
            {
                _store.ApplyAllOrNothing(proposals.Select((proposal, index) =>
                {
                    current = index;
                    return proposal;
                }));
                Interlocked.Add(ref _applied, proposals.Count);
                return null;
            }
            catch (JsonPatchException e)
            {
                var (status, message) = e.Kind switch
                {
                    RefusalKind.RequiredFieldsMissing => (422, e.Message),
                    RefusalKind.UnreadablePayload => (400, e.Message),
                    _ => (500, $"java.lang.UnsupportedOperationException: {e.Message}"),
                };
                var refusal = new GmsRefusal(status, message, proposals[current], proposals.Count);
                _refusals.Add(refusal);
                return refusal;
            }
        }
    }

    public T Read<T>(Func<AspectStore, T> read)
    {
        lock (_lock)
        {
            return read(_store);
        }
    }
}
