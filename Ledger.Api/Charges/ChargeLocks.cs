namespace Ledger.Api.Charges;

/// <summary>
/// Follow-ups on one charge take turns inside a node, so they don't all read the same version and
/// lose the append race to each other. Across nodes the expected-version check still decides.
/// </summary>
public sealed class ChargeLocks
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    public async Task<IDisposable> AcquireAsync(string chargeId)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(chargeId, out entry!))
            {
                entry = new Entry();
                _entries[chargeId] = entry;
            }

            entry.Users++;
        }

        await entry.Gate.WaitAsync();
        return new Release(this, chargeId, entry);
    }

    private sealed class Release(ChargeLocks locks, string chargeId, Entry entry) : IDisposable
    {
        public void Dispose()
        {
            entry.Gate.Release();
            lock (locks._entries)
            {
                if (--entry.Users == 0)
                {
                    locks._entries.Remove(chargeId);
                    entry.Gate.Dispose();
                }
            }
        }
    }
}
