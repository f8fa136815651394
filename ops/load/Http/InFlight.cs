namespace Ledger.Load.Http;

/// <summary>Requests on the wire right now (a duplicate arrival puts several out at once).</summary>
internal sealed class InFlight
{
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long Max => Interlocked.Read(ref _max);

    public void Enter()
    {
        var now = Interlocked.Increment(ref _count);
        var seen = Interlocked.Read(ref _max);
        while (now > seen)
        {
            var was = Interlocked.CompareExchange(ref _max, now, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }

    public void Leave() => Interlocked.Decrement(ref _count);
}
