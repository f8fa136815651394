using System.Globalization;
using Ledger.Load.Stats;

namespace Ledger.Load.Report;

/// <summary>
/// Pass or fail, for scripts and tests: no 5xx, no transport failure, no dropped arrival, every
/// check held, everything answered in time, and (with --require-targets) every p99 within its
/// target. 4xx answers don't fail a run: some are the contract working (a payout refused for
/// insufficient funds); they are reported by code.
/// </summary>
internal static class Verdicts
{
    public static Verdict Judge(HttpSummary http, ChecksSnapshot checks, PgBenchSummary? pgBench, IReadOnlyList<TargetCheck>? requiredTargets)
    {
        var reasons = new List<string>();
        var m = http.Measured;
        void Fail(bool when, FormattableString why)
        {
            if (when)
            {
                reasons.Add(FormattableString.Invariant(why));
            }
        }

        Fail(m.Requests == 0, $"no request completed in the measured phase");
        Fail(m.ServerErrors + http.Warmup.ServerErrors > 0,
            $"{m.ServerErrors + http.Warmup.ServerErrors} 5xx answers, warm-up included (measured: {string.Join(", ", ServerErrors(m))})");
        Fail(m.Failures + http.Warmup.TransportFailures > 0,
            $"{m.Failures + http.Warmup.TransportFailures} transport failures, warm-up included (measured: {string.Join(", ", m.TransportFailures.Select(f => $"{f.Key} {f.Value}"))})");
        Fail(http.Dropped > 0, $"{http.Dropped} arrivals dropped: {http.MaxInFlight} requests were in flight (raise --max-in-flight or lower --rate)");
        Fail(checks.ReplayMismatches > 0, $"{checks.ReplayMismatches} of {checks.Replays} retries not replayed byte for byte");
        Fail(checks.DuplicateMismatches > 0, $"{checks.DuplicateMismatches} of {checks.DuplicateGroups} concurrent duplicate groups not collapsed into one answer");
        Fail(checks.ReadYourWriteViolations > 0, $"{checks.ReadYourWriteViolations} of {checks.ConsistentReads} reads with a consistency token did not see the write");
        Fail(!http.Drained, $"requests still unanswered after the run and its timeout");
        Fail(http.ToolErrors > 0, $"{http.ToolErrors} errors inside the load tool: {http.FirstToolError?.Split('\n')[0]}");
        Fail(pgBench?.Result.Error is not null, $"pgbench: {pgBench?.Result.Error}");
        foreach (var missed in requiredTargets?.Where(t => !t.Met) ?? [])
        {
            reasons.Add(FormattableString.Invariant(
                $"{missed.Operation} p99 {missed.P99Ms:0.00} ms is over its target of {missed.BoundMs:0} ms (--require-targets)"));
        }

        return new Verdict(reasons.Count == 0, reasons);
    }

    /// <summary>"503 unavailable 2 (balance+token)": which 5xx, how many, on which operations.</summary>
    private static IEnumerable<string> ServerErrors(TallySnapshot m) =>
        m.Operations
            .SelectMany(o => o.Value.ErrorsBy.Where(e => e.Key.StartsWith('5')).Select(e => (Error: e.Key, Operation: o.Key, Count: e.Value)))
            .GroupBy(e => e.Error, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Sum(e => e.Count)} ({string.Join(", ", g.Select(e => e.Operation))})");

    public static string Ratio(double? value) =>
        value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";
}
