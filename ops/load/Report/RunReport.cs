using Ledger.Load.Lag;
using Ledger.Load.PgBench;
using Ledger.Load.Stats;

namespace Ledger.Load.Report;

/// <summary>Everything a run found, as written to report.json (snake_case) and drawn in report.html.</summary>
internal sealed record RunReport(
    string RunId,
    DateTimeOffset StartedAt,
    string CommandLine,
    RunSettings Settings,
    HttpSummary Http,
    ChecksSnapshot Checks,
    IReadOnlyList<Second> Timeline,
    LagSummary? Lag,
    HostSummary Host,
    PgBenchSummary? PgBench,
    IReadOnlyList<TargetCheck> Targets,
    Verdict Verdict);

internal sealed record RunSettings(
    string Url, string Protocol, double Rate, int DurationSeconds, int WarmupSeconds, string Mix, double RetriesPercent,
    double DuplicatesPercent, int DuplicateFanout, double ConsistentReadsPercent, double AuthorizeOnlyPercent,
    IReadOnlyList<string> Currencies, int MaxInFlight, int TimeoutSeconds, string Db, int Cores);

/// <summary>The HTTP phase. Rates are per measured second; latency from intended start (see OpenLoop).</summary>
internal sealed record HttpSummary(
    long Arrivals,
    long Dropped,
    long LateStarts,
    double MaxStartLagMs,
    long MaxInFlight,
    bool Drained,
    double AchievedRps,
    double ChargesPerSecond,
    double WritesPerSecond,
    TallySnapshot Measured,
    WarmupSummary Warmup,
    long ToolErrors,
    string? FirstToolError);

internal sealed record WarmupSummary(long Requests, long ServerErrors, long TransportFailures);

internal sealed record Spread(double P50, double P99, double Max)
{
    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new(0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(At(50), At(99), sorted[^1]);
    }
}

internal sealed record LagSummary(int Samples, int Errors, string? LastError, Spread Events, Spread Ms, IReadOnlyList<LagSample> Series);

/// <summary>
/// The machine's CPU over the measured seconds (<see cref="HostCpu"/>; null where it cannot be
/// read), and the generator's own GC pauses: both can make a bad second that is not the API's.
/// </summary>
internal sealed record HostSummary(
    int Cores, double? BusyCoresMean, double? StealCoresMean, double? StealCoresMax, double GeneratorGcPauseMsTotal, double GeneratorGcPauseMsMax)
{
    public static HostSummary Of(IReadOnlyList<Second> timeline)
    {
        var measured = timeline.Where(s => s.Phase == "measure").ToList();
        var cpu = measured.Where(s => s.BusyCores is not null && s.StealCores is not null).ToList();
        return new(Environment.ProcessorCount,
            cpu.Count == 0 ? null : Math.Round(cpu.Average(s => s.BusyCores!.Value), 3),
            cpu.Count == 0 ? null : Math.Round(cpu.Average(s => s.StealCores!.Value), 3),
            cpu.Count == 0 ? null : cpu.Max(s => s.StealCores!.Value),
            Math.Round(measured.Sum(s => s.GeneratorGcPauseMs), 2),
            measured.Count == 0 ? 0 : measured.Max(s => s.GeneratorGcPauseMs));
    }
}

/// <summary>pgbench's result and our charges (and all writes) per second as a share of its transactions per second.</summary>
internal sealed record PgBenchSummary(PgBenchResult Result, double? ChargesRatio, double? WritesRatio);

internal sealed record Verdict(bool Ok, IReadOnlyList<string> Reasons);
