using System.Globalization;
using Ledger.Load;
using Ledger.Load.PgBench;
using Ledger.Load.Report;
using Npgsql;

// The load tool: open-loop HTTP load against the API, then (optionally) pgbench with the same
// write as raw SQL, then a report. Exit 0 pass, 1 fail, 2 bad arguments, 3 API not reachable.

// Answers are handled on the thread that polls the sockets instead of hopping to the thread pool:
// a hop wakes a thread, about 18 µs of CPU on the dev VM (docs/performance.md). This took 12-15%
// off the tool's CPU at 4,000 reads/s. The runtime reads it when the first socket opens.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"load: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

var startedAt = DateTimeOffset.UtcNow;
var runId = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..4];
var outDir = Path.GetFullPath(options.Out ?? ReportFiles.DefaultDirectory(startedAt));
Directory.CreateDirectory(outDir);

if (await Preflight.ProblemAsync(options.Url, options.RequestVersion) is { } problem)
{
    Console.Error.WriteLine($"load: {problem}");
    return 3;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop sending, then still write the report
    cancel.Cancel();
};

await using var primary = options.SampleLag || options.PgBench ? NpgsqlDataSource.Create(options.Db) : null;
Console.WriteLine(FormattableString.Invariant(
    $"load {runId}: {options.Rate:0.#} arrivals/s to {options.Url} over {options.Protocol} for {options.WarmupSeconds}+{options.DurationSeconds} s, mix {options.Mix}, retries {options.RetriesPercent}%, duplicates {options.DuplicatesPercent}%×{options.DuplicateFanout}"));
var phase = await new HttpPhase(options, runId).RunAsync(options.SampleLag ? primary : null, cancel.Token);

PgBenchSummary? pgBench = null;
if (options.PgBench && primary is not null && !cancel.IsCancellationRequested)
{
    Console.WriteLine(FormattableString.Invariant($"pgbench: the charge write as raw SQL, -c {options.PgBenchClients} -j {options.PgBenchThreads} for {options.DurationSeconds} s"));
    PgBenchResult result;
    try
    {
        result = await new PgBenchRunner(options, outDir).RunAsync(primary);
    }
    catch (NpgsqlException e)
    {
        result = PgBenchResult.Failure($"could not prepare schema loadbench: {e.Message}");
    }

    pgBench = new PgBenchSummary(result,
        result.Tps > 0 ? Math.Round(phase.Http.ChargesPerSecond / result.Tps, 4) : null,
        result.Tps > 0 ? Math.Round(phase.Http.WritesPerSecond / result.Tps, 4) : null);
}

var db = new NpgsqlConnectionStringBuilder(options.Db) { Password = options.Db.Contains("Password", StringComparison.OrdinalIgnoreCase) ? "***" : null };
var settings = new RunSettings(options.Url.ToString(), options.Protocol, options.Rate, options.DurationSeconds, options.WarmupSeconds, options.Mix.ToString(),
    options.RetriesPercent, options.DuplicatesPercent, options.DuplicateFanout, options.ConsistentReadsPercent, options.AuthorizeOnlyPercent,
    options.Currencies, options.MaxInFlight, options.TimeoutSeconds, db.ConnectionString, Environment.ProcessorCount);
var targets = Targets.Check(phase.Http.Measured);
var report = new RunReport(runId, startedAt, "ops/load/run " + string.Join(' ', args), settings, phase.Http, phase.Checks,
    phase.Timeline, phase.Lag, HostSummary.Of(phase.Timeline), pgBench, targets,
    Verdicts.Judge(phase.Http, phase.Checks, pgBench, options.RequireTargets ? targets : null));
await ReportFiles.WriteAsync(report, outDir);
ConsoleSummary.Print(report, outDir);
return report.Verdict.Ok ? 0 : 1;
