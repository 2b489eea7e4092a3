using System.Collections.Concurrent;

namespace MlEvents.SchemaRegistry;

/// <summary>
/// Concurrency-safe memo of async lookups: concurrent misses for one key share a single fetch,
/// failures are not cached, an optional TTL expires entries, and a full cache is cleared (as Confluent's client does).
/// The fetch ignores the callers' tokens so one caller giving up never fails the others; each caller waits with its own token.
/// </summary>
internal sealed class AsyncCache<TKey, TValue>(int capacity, TimeSpan? ttl = null, TimeProvider? time = null) where TKey : notnull
{
    private sealed class Entry(Lazy<Task<TValue>> task, long expiresAt)
    {
        public Lazy<Task<TValue>> Lazy { get; } = task;
        public long ExpiresAt { get; } = expiresAt;

        public bool IsUsable(long now) =>
            ExpiresAt > now && !(Lazy.IsValueCreated && (Lazy.Value.IsFaulted || Lazy.Value.IsCanceled));
    }

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public int Count => _entries.Count;

    public Task<TValue> GetOrFetchAsync(TKey key, Func<TKey, Task<TValue>> fetch, CancellationToken ct)
    {
        var now = Now();
        if (_entries.TryGetValue(key, out var entry) && entry.IsUsable(now))
            return Await(entry.Lazy.Value, ct);

        if (_entries.Count >= capacity) _entries.Clear();
        // Lazy: only the entry that wins the race below ever starts its fetch.
        var created = new Entry(new Lazy<Task<TValue>>(() => fetch(key), LazyThreadSafetyMode.ExecutionAndPublication), ExpiryFrom(now));
        var winner = _entries.AddOrUpdate(key, created, (_, existing) => existing.IsUsable(now) ? existing : created);
        var task = winner.Lazy.Value;
        if (ReferenceEquals(winner, created))
        {
            task.ContinueWith(
                _ => _entries.TryRemove(new KeyValuePair<TKey, Entry>(key, created)),
                CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
        }
        return Await(task, ct);
    }

    /// <summary>Adds a value learned from another call.</summary>
    public void Set(TKey key, TValue value)
    {
        if (_entries.Count >= capacity) _entries.Clear();
        _entries[key] = new Entry(new Lazy<Task<TValue>>(Task.FromResult(value)), ExpiryFrom(Now()));
    }

    /// <summary>Milliseconds on the provider's monotonic clock.</summary>
    private long Now() => (long)_time.GetElapsedTime(0).TotalMilliseconds;

    private long ExpiryFrom(long now) => ttl is { } t && t > TimeSpan.Zero ? now + (long)t.TotalMilliseconds : long.MaxValue;

    private static Task<TValue> Await(Task<TValue> task, CancellationToken ct) =>
        task.IsCompleted || !ct.CanBeCanceled ? task : task.WaitAsync(ct);
}
