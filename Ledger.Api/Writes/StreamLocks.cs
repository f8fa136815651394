namespace Ledger.Api.Writes;

/// <summary>
/// Writers to one stream (follow-ups on a charge, payouts of a merchant) take turns inside a node,
/// so they don't all read the same version and lose the append race to each other. Across nodes
/// the expected-version check still decides; this only saves the retries.
/// </summary>
public sealed class StreamLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    public async Task<IDisposable> AcquireAsync(string streamId)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(streamId, out entry!))
            {
                entry = new Entry();
                _entries[streamId] = entry;
            }

            entry.Users++;
        }

        await entry.Gate.WaitAsync();
        return new Release(this, streamId, entry);
    }

    private sealed class Release(StreamLocks locks, string streamId, Entry entry) : IDisposable
    {
        public void Dispose()
        {
            entry.Gate.Release();
            lock (locks._entries)
            {
                if (--entry.Users == 0)
                {
                    locks._entries.Remove(streamId);
                    entry.Gate.Dispose();
                }
            }
        }
    }
}
