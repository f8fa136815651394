using System.Globalization;
using Ledger.Shadow.Cli;
using Ledger.Shadow.Comparing;
using Ledger.Shadow.Reporting;

namespace Ledger.Shadow.Replaying;

internal static class ReplayCommand
{
    public static async Task<int> RunAsync(ReplayOptions options, string[] args)
    {
        if (!File.Exists(options.Log))
        {
            throw new UsageException($"--log {options.Log}: no such file (record one with `ops/shadow/run record`)");
        }

        var rules = LoadRules(options.Rules);

        var startedAt = DateTimeOffset.UtcNow;
        var runId = startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        using var stop = new Stopping(); // Ctrl+C or SIGTERM: finish what is in flight, then write out

        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        using var primary = options.Primary is { } url ? new Side("primary", url, timeout) : null;
        using var shadow = new Side("shadow", options.Shadow, timeout);
        var primaryName = primary?.BaseUrl.ToString() ?? $"{ReplayOptions.Recorded} (the answers in {options.Log})";
        Console.WriteLine($"shadow replay {runId}: {options.Log} → primary {primaryName}, shadow {options.Shadow}");

        var replayer = new Replayer(rules, primary, shadow);
        var interrupted = await replayer.RunAsync(options.Log, options.Rate, stop.Token);
        var report = new ReplayReport("replay", runId, startedAt, "ops/shadow/run " + string.Join(' ', args), Path.GetFullPath(options.Log),
            primaryName, options.Shadow.ToString(), options.Rules.Select(Path.GetFullPath).ToList(), interrupted, replayer.Counts, replayer.Latency,
            replayer.Findings);
        var path = await ReportFiles.WriteAsync(report, Path.GetFullPath(options.Report ?? ReportFiles.DefaultDirectory(startedAt)));
        ConsoleSummary.Print(report, path, options.Show);
        return report.Clean ? 0 : 1;
    }

    /// <summary>The rules files, added up; a file that cannot be read is a usage error.</summary>
    public static Rules LoadRules(IReadOnlyList<string> files)
    {
        try
        {
            return files.Select(Rules.Load).Aggregate((all, more) => all.With(more));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
