using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Ledger.Load.Traffic;

/// <summary>What the run has created so far, for captures, refunds, reads and retries to use.</summary>
internal sealed class ChargeBook
{
    // Bounds memory on long runs; past it new charges are simply not offered for more work.
    private const int PoolLimit = 100_000;

    private readonly ConcurrentQueue<KnownCharge> _authorized = new();
    private readonly ConcurrentQueue<KnownCharge> _refundable = new();

    public Ring<KnownCharge> Recent { get; } = new(10_000);

    public Ring<SentWrite> Writes { get; } = new(10_000);

    public void Authorized(KnownCharge charge) => Offer(_authorized, charge);

    public void Refundable(KnownCharge charge)
    {
        if (charge.Captured > charge.Refunded)
        {
            Offer(_refundable, charge);
        }
    }

    public bool TryTakeAuthorized([NotNullWhen(true)] out KnownCharge? charge) => _authorized.TryDequeue(out charge);

    public bool TryTakeRefundable([NotNullWhen(true)] out KnownCharge? charge) => _refundable.TryDequeue(out charge);

    private static void Offer(ConcurrentQueue<KnownCharge> pool, KnownCharge charge)
    {
        if (pool.Count < PoolLimit)
        {
            pool.Enqueue(charge);
        }
    }
}

/// <summary>The last N items added, lock-free; a random pick may miss a slot being written (then null).</summary>
internal sealed class Ring<T>(int size)
    where T : class
{
    private readonly T?[] _items = new T?[size];
    private long _written;

    public void Add(T item)
    {
        var slot = (Interlocked.Increment(ref _written) - 1) % size;
        Volatile.Write(ref _items[slot], item);
    }

    public T? Pick()
    {
        var filled = Math.Min(Interlocked.Read(ref _written), size);
        return filled == 0 ? null : Volatile.Read(ref _items[Random.Shared.NextInt64(filled)]);
    }
}
