using System.Diagnostics;

namespace Ledger.Load.Scheduling;

/// <summary>One scheduled arrival: when it was meant to start, and whether it counts (after warm-up).</summary>
internal readonly record struct Arrival(long Index, long IntendedStart, bool Measured);

/// <summary>
/// Open-loop arrivals at a constant rate: arrival i is due at start + i/rate, however long earlier
/// answers take, so a slow server meets more concurrent requests instead of fewer (a closed loop of
/// N workers would wait and hide the stall: coordinated omission). Callers measure latency from
/// <see cref="Arrival.IntendedStart"/>, so even this loop's own lateness counts against the server
/// side, never in its favour. Over the first <c>ramp</c> (part of the warm-up) the rate climbs
/// from zero: a cold generator starting at full rate opened a connection per arrival, thousands
/// at once, and built a backlog that its 4,096-arrival cap turned into dropped arrivals.
/// </summary>
internal sealed class OpenLoop(double rate, int maxInFlight, TimeSpan ramp)
{
    /// <summary>A measured start this much after its intended time is counted as late (the generator was behind).</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMilliseconds(10);

    private long _launched;
    private long _outstanding;
    private long _dropped;
    private long _late;
    private long _maxStartLagTicks;

    public long Launched => Interlocked.Read(ref _launched);

    /// <summary>Arrivals handed out and not finished yet.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Arrivals not sent because <c>maxInFlight</c> arrivals were still unfinished.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Late => Interlocked.Read(ref _late);

    public TimeSpan MaxStartLag => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxStartLagTicks));

    /// <summary>
    /// Runs on a thread of its own until <paramref name="end"/> (Stopwatch timestamps). Each due
    /// arrival is handed to the thread pool at once; this thread never waits for an answer.
    /// </summary>
    public Task RunAsync(long start, long measureFrom, long end, Func<Arrival, Task> arrive, CancellationToken ct) =>
        Task.Factory.StartNew(() => Loop(start, measureFrom, end, arrive, ct), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(long start, long measureFrom, long end, Func<Arrival, Task> arrive, CancellationToken ct)
    {
        var ticksPerArrival = Stopwatch.Frequency / rate;
        var rampTicks = (long)(ramp.TotalSeconds * Stopwatch.Frequency);
        var lateTicks = (long)(LateAfter.TotalSeconds * Stopwatch.Frequency);
        for (long i = 0; !ct.IsCancellationRequested; i++)
        {
            // From the index, not by adding intervals: rounding never accumulates into drift.
            var intended = start + Offset(i, ticksPerArrival, rampTicks);
            if (intended >= end)
            {
                return;
            }

            // Sleep in 1 ms steps rather than spin: the API shares these 2 cores. Waking up to ~1 ms
            // late is the price, and it is charged to the measured latency, not hidden.
            while (Stopwatch.GetTimestamp() < intended)
            {
                Thread.Sleep(1);
            }

            // Lateness is counted once measuring has begun: warm-up is there to absorb the JIT.
            var lag = Stopwatch.GetTimestamp() - intended;
            if (intended >= measureFrom && lag > lateTicks)
            {
                Interlocked.Increment(ref _late);
            }

            if (intended >= measureFrom && lag > _maxStartLagTicks)
            {
                Interlocked.Exchange(ref _maxStartLagTicks, lag);
            }

            // Counted here, not when the request goes out, so the cap also sees arrivals still
            // queued for a thread-pool thread.
            if (Interlocked.Increment(ref _outstanding) > maxInFlight)
            {
                Interlocked.Decrement(ref _outstanding);
                Interlocked.Increment(ref _dropped);
                continue;
            }

            Interlocked.Increment(ref _launched);
            var arrival = new Arrival(i, intended, intended >= measureFrom);
            ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Loop.RunOneAsync(s.Arrive, s.Arrival), (Loop: this, Arrive: arrive, Arrival: arrival), preferLocal: false);
        }
    }

    /// <summary>
    /// When arrival <paramref name="i"/> is due, in ticks after the start. During a linear ramp of R
    /// ticks, t²/(2·R·ticksPerArrival) arrivals are due by t; after it, one per ticksPerArrival, the
    /// ramp having cost R/2 of them. Both meet at t = R.
    /// </summary>
    private static long Offset(long i, double ticksPerArrival, long ramp) =>
        i < ramp / (2 * ticksPerArrival)
            ? (long)Math.Sqrt(2 * ramp * ticksPerArrival * i)
            : (long)((ramp / 2.0) + (i * ticksPerArrival));

    private async Task RunOneAsync(Func<Arrival, Task> arrive, Arrival arrival)
    {
        try
        {
            await arrive(arrival);
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
        }
    }

    /// <summary>Waits until every arrival has finished, or <paramref name="limit"/> has passed; true when drained.</summary>
    public async Task<bool> DrainAsync(TimeSpan limit)
    {
        var waited = Stopwatch.StartNew();
        while (Outstanding > 0)
        {
            if (waited.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
