using System.Diagnostics;
using Ledger.Load.Http;
using Ledger.Load.Lag;
using Ledger.Load.Scheduling;

namespace Ledger.Load.Stats;

/// <summary>One second of the run, as printed and as plotted. <paramref name="T"/>: its start, in seconds since measuring began.</summary>
internal sealed record Second(
    int T, string Phase, long Sent, long Completed, long Errors, long ServerErrors, long Failures,
    double P50, double P99, double Max, long InFlight, long? LagEvents, double? LagMs, double? BusyCores, double? StealCores,
    double GeneratorGcPauseMs);

/// <summary>Each second: a progress line, and the same numbers kept for the latency-over-time plot.</summary>
internal sealed class Progress(Results results, OpenLoop loop, InFlight inFlight, LagSampler? lag, long measureFrom, long end, bool quiet)
{
    private readonly List<Second> _timeline = [];
    private readonly HostCpu _host = new();
    private TimeSpan _gcPaused = GC.GetTotalPauseDuration();
    private long _windowStart;
    private long _launched;

    public IReadOnlyList<Second> Timeline => _timeline;

    /// <summary>Ticks once a second from <paramref name="start"/> until cancelled, then once more for the last part-second.</summary>
    public async Task RunAsync(long start, CancellationToken ct)
    {
        _windowStart = start;
        try
        {
            var untilStart = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), start);
            await Task.Delay(untilStart > TimeSpan.Zero ? untilStart : TimeSpan.Zero, ct);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(ct))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Tick();
        }
    }

    private void Tick()
    {
        var window = results.Window.Swap();
        var launched = loop.Launched;
        var sent = launched - _launched;
        _launched = launched;

        // Labelled by the second the window began in; the last one may be shorter.
        var started = _windowStart;
        _windowStart = Stopwatch.GetTimestamp();
        var t = (int)Math.Round(Stopwatch.GetElapsedTime(measureFrom, started).TotalSeconds);
        var phase = t < 0 ? "warmup" : started < end - (Stopwatch.Frequency / 2) ? "measure" : "drain";
        if (phase == "drain" && sent == 0 && window.Latency.Count == 0)
        {
            return; // nothing was left to drain
        }

        var latest = lag?.Latest;
        var host = _host.Next();

        // The generator's own stop-the-world time: latency it adds to whatever was in flight.
        var gcPaused = GC.GetTotalPauseDuration();
        var gcPauseMs = Math.Round((gcPaused - _gcPaused).TotalMilliseconds, 2);
        _gcPaused = gcPaused;
        var second = new Second(
            t, phase, sent, window.Latency.Count,
            window.Errors, window.ServerErrors, window.Failures, window.Latency.P50, window.Latency.P99, window.Latency.Max,
            inFlight.Count, latest?.Events, latest?.Ms, host?.BusyCores, host?.StealCores, gcPauseMs);
        _timeline.Add(second);
        if (!quiet)
        {
            Console.WriteLine(Line(second));
        }
    }

    private static string Line(Second s) => FormattableString.Invariant(
        $"{s.T,4}s {s.Phase,-7} | sent {s.Sent,5}/s done {s.Completed,5}/s | in flight {s.InFlight,4} | p50 {s.P50,7:0.0} ms p99 {s.P99,7:0.0} ms max {s.Max,7:0.0} ms | errors {s.Errors} (5xx {s.ServerErrors}, transport {s.Failures})")
        + (s.LagEvents is { } events ? FormattableString.Invariant($" | lag {events} ev {s.LagMs:0} ms") : "")
        + (s.BusyCores is { } busy ? FormattableString.Invariant($" | cpu {busy:0.00} steal {s.StealCores:0.00}") : "")
        + (s.GeneratorGcPauseMs > 0 ? FormattableString.Invariant($" | load gc {s.GeneratorGcPauseMs:0.#} ms") : "");
}
