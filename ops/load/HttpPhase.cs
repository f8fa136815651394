using System.Diagnostics;
using Ledger.Load.Http;
using Ledger.Load.Lag;
using Ledger.Load.Report;
using Ledger.Load.Scheduling;
using Ledger.Load.Stats;
using Ledger.Load.Traffic;
using Npgsql;

namespace Ledger.Load;

/// <summary>What the HTTP phase hands to the report.</summary>
internal sealed record HttpPhaseResult(HttpSummary Http, ChecksSnapshot Checks, IReadOnlyList<Second> Timeline, LagSummary? Lag);

/// <summary>Warm-up then measurement at the open-loop rate, with progress lines and lag sampling alongside.</summary>
internal sealed class HttpPhase(Options options, string runId)
{
    public async Task<HttpPhaseResult> RunAsync(NpgsqlDataSource? lagSource, CancellationToken ct)
    {
        var inFlight = new InFlight();
        using var http = new LedgerHttp(options.Url, options.MaxInFlight, TimeSpan.FromSeconds(options.TimeoutSeconds), inFlight, options.RequestVersion);
        var results = new Results();
        var workload = new Workload(options, http, results, Merchant.Demo(), runId);
        // The rate climbs over the first half of the warm-up; what is measured runs at the full rate.
        var loop = new OpenLoop(options.Rate, options.MaxInFlight, TimeSpan.FromSeconds(options.WarmupSeconds / 2.0));

        var second = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp() + (second / 5);
        var measureFrom = start + (options.WarmupSeconds * second);
        var end = measureFrom + (options.DurationSeconds * second);
        var lag = lagSource is null ? null : new LagSampler(lagSource, measureFrom);
        var progress = new Progress(results, loop, inFlight, lag, measureFrom, end, options.Quiet);

        using var stop = new CancellationTokenSource();
        var lagTask = lag?.RunAsync(stop.Token) ?? Task.CompletedTask;
        var progressTask = progress.RunAsync(start, stop.Token);
        await loop.RunAsync(start, measureFrom, end, workload.ArriveAsync, ct);
        var stoppedAt = Math.Min(Stopwatch.GetTimestamp(), end);
        var drained = await loop.DrainAsync(TimeSpan.FromSeconds(options.TimeoutSeconds + 5));
        await stop.CancelAsync();
        await Task.WhenAll(lagTask, progressTask);

        // Cut short by Ctrl-C: rates are over the seconds actually measured.
        var measuredSeconds = Math.Max(0.001, Stopwatch.GetElapsedTime(measureFrom, stoppedAt).TotalSeconds);
        var measured = results.Measured.Snapshot();
        var warmup = results.Warmup.Snapshot();
        double PerSecond(long count) => Math.Round(count / measuredSeconds, 2);
        var summary = new HttpSummary(
            loop.Launched + loop.Dropped, loop.Dropped, loop.Late, Math.Round(loop.MaxStartLag.TotalMilliseconds, 2), inFlight.Max, drained,
            PerSecond(measured.Requests), PerSecond(measured.ChargesCommitted), PerSecond(measured.WritesCommitted),
            measured, new WarmupSummary(warmup.Requests, warmup.ServerErrors, warmup.Failures), workload.ToolErrors, workload.FirstToolError);
        return new HttpPhaseResult(summary, results.Checks.Snapshot(), progress.Timeline, Summarize(lag, measuredSeconds));
    }

    private static LagSummary? Summarize(LagSampler? lag, double measuredSeconds)
    {
        if (lag is null)
        {
            return null;
        }

        var samples = lag.Samples().Where(s => s.T >= 0 && s.T <= measuredSeconds).ToList();
        return new LagSummary(samples.Count, lag.Errors, lag.LastError,
            Spread.Of([.. samples.Select(s => (double)s.Events)]), Spread.Of([.. samples.Select(s => s.Ms)]), samples);
    }
}
