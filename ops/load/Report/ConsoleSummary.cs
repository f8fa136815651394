using System.Globalization;
using Ledger.Load.Stats;

namespace Ledger.Load.Report;

/// <summary>The end-of-run summary on the terminal: the numbers that answer "how did it go".</summary>
internal static class ConsoleSummary
{
    public static void Print(RunReport r, string dir)
    {
        var http = r.Http;
        var m = http.Measured;
        Line($"");
        Line($"== run {r.RunId}: {(r.Verdict.Ok ? "PASS" : "FAIL")} ==");
        Line($"http     target {r.Settings.Rate:0.#}/s for {r.Settings.DurationSeconds} s: {m.Requests} requests, {http.AchievedRps:0.#}/s completed; dropped {http.Dropped}, late starts {http.LateStarts} (max {http.MaxStartLagMs:0.#} ms), max in flight {http.MaxInFlight}");
        Line($"writes   charges {m.ChargesCommitted} ({http.ChargesPerSecond:0.#}/s), all writes {m.WritesCommitted} ({http.WritesPerSecond:0.#}/s)");
        Line($"{"latency ms",-18} {"count",7} {"errors",6} {"p50",8} {"p90",8} {"p99",8} {"p99.9",8} {"max",8}");
        foreach (var (name, op) in m.Operations)
        {
            Row(name, op.Latency, op.Errors);
        }

        Row("all", m.Overall, m.ServerErrors + m.ClientErrors + m.Failures);
        if (r.Targets.Count > 0)
        {
            Line($"targets  p99 against the scale targets: {string.Join("; ", r.Targets.Select(t => FormattableString.Invariant($"{t.Operation} {t.P99Ms:0.00} ms {(t.Met ? "≤" : ">")} {t.BoundMs:0} ({(t.Met ? "met" : "missed")})")))}");
        }

        Line($"sending  the generator's own delay, intended start to the HTTP client (counted in the latency above): p50 {m.SendLag.P50:0.00} p90 {m.SendLag.P90:0.00} p99 {m.SendLag.P99:0.00} max {m.SendLag.Max:0.0} ms");
        Line($"status   {Join(m.Statuses.Select(s => (N(s.Key), s.Value)))}");
        Line($"codes    {Join(m.ErrorCodes.Select(c => (c.Key, c.Value)))}");
        Line($"failures {Join(m.TransportFailures.Select(f => (f.Key, f.Value)))}");
        var c = r.Checks;
        Line($"checks   retries replayed {c.Replays - c.ReplayMismatches}/{c.Replays}, duplicate groups collapsed {c.DuplicateGroups - c.DuplicateMismatches}/{c.DuplicateGroups}, token reads saw the write {c.ConsistentReads - c.ReadYourWriteViolations}/{c.ConsistentReads}");
        foreach (var sample in c.Samples)
        {
            Line($"         {sample}");
        }

        if (r.Lag is { } lag)
        {
            Line($"lag      events p50 {lag.Events.P50:0} p99 {lag.Events.P99:0} max {lag.Events.Max:0}; ms p50 {lag.Ms.P50:0.#} p99 {lag.Ms.P99:0.#} max {lag.Ms.Max:0.#} ({lag.Samples} samples, {lag.Errors} failed)");
        }

        var host = r.Host;
        if (host.BusyCoresMean is not null)
        {
            Line($"host     cpu busy {host.BusyCoresMean:0.00} of {host.Cores} cores (mean of the measured seconds); taken by the hypervisor (steal) {host.StealCoresMean:0.00} mean, {host.StealCoresMax:0.00} in the worst second");
        }

        Line($"load gc  the generator paused {host.GeneratorGcPauseMsTotal:0.#} ms in all, {host.GeneratorGcPauseMsMax:0.#} ms in the worst second");

        if (r.PgBench is { } pg)
        {
            if (pg.Result.Error is { } error)
            {
                Line($"pgbench  {error}");
            }
            else
            {
                Line($"pgbench  {pg.Result.Tps:0.#} tx/s (-c {pg.Result.Clients} -j {pg.Result.Threads}, {pg.Result.Seconds} s, p50 {pg.Result.Latency.P50:0.##} ms p99 {pg.Result.Latency.P99:0.##} ms); our charges/s ÷ pgbench tx/s = {Verdicts.Ratio(pg.ChargesRatio)}, writes/s ÷ tx/s = {Verdicts.Ratio(pg.WritesRatio)}");
            }
        }

        foreach (var reason in r.Verdict.Reasons)
        {
            Line($"FAIL     {reason}");
        }

        Line($"report   {Path.Combine(dir, "report.html")}");
    }

    private static void Row(string name, Percentiles p, long errors) =>
        Line($"  {name,-16} {p.Count,7} {errors,6} {p.P50,8:0.00} {p.P90,8:0.00} {p.P99,8:0.00} {p.P999,8:0.00} {p.Max,8:0.00}");

    private static string Join(IEnumerable<(string Key, long Value)> counts)
    {
        var text = string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));
        return text.Length == 0 ? "none" : text;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));
}
