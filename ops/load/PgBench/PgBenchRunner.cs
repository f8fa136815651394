using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ledger.Load.Stats;
using Npgsql;

namespace Ledger.Load.PgBench;

/// <summary>What pgbench managed with the equivalent SQL: the raw database's ceiling for a charge write.</summary>
internal sealed record PgBenchResult(
    string Command, int Clients, int Threads, int Seconds, int EventsPerTransaction,
    double Tps, long Transactions, long Failed, Percentiles Latency, string? Error)
{
    public static PgBenchResult Failure(string error) => new("", 0, 0, 0, 0, 0, 0, 0, Percentiles.Of(Stats.Latency.NewHistogram()), error);
}

/// <summary>
/// Runs Debian's pgbench against the primary (direct, not through PgBouncer, fsync as configured)
/// with <see cref="EquivalentSql"/>, and reads its per-transaction log into an HDR histogram so the
/// percentiles compare like for like with the HTTP ones.
/// </summary>
internal sealed partial class PgBenchRunner(Options options, string outDir)
{
    private static readonly string[] Candidates = ["/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench"];

    public async Task<PgBenchResult> RunAsync(NpgsqlDataSource primary)
    {
        var binary = options.PgBenchPath ?? FindOnPath() ?? Candidates.FirstOrDefault(File.Exists);
        if (binary is null || !File.Exists(binary))
        {
            return PgBenchResult.Failure("pgbench not found: apt-get install postgresql-client-15, or pass --pgbench-path");
        }

        var db = new NpgsqlConnectionStringBuilder(options.Db);
        var threads = Math.Min(options.PgBenchThreads, options.PgBenchClients);
        var script = Path.Combine(outDir, "pgbench-charge.sql");
        var logPrefix = Path.Combine(outDir, "pgbench_log");
        await File.WriteAllTextAsync(script, EquivalentSql.Script(options.PgBenchEvents));
        string[] args =
        [
            "-h", db.Host!, "-p", db.Port.ToString(CultureInfo.InvariantCulture), "-U", db.Username ?? "ledger",
            "-n", "-M", "simple", "-f", script,
            "-c", options.PgBenchClients.ToString(CultureInfo.InvariantCulture),
            "-j", threads.ToString(CultureInfo.InvariantCulture),
            "-T", options.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            "-P", "1", "-l", $"--log-prefix={logPrefix}", db.Database ?? "ledger",
        ];
        var command = $"{binary} {string.Join(' ', args)}";

        await ExecuteAsync(primary, EquivalentSql.Create);
        try
        {
            var (exit, stdout) = await RunProcessAsync(binary, args, db.Password);
            var latency = ReadLogs(logPrefix);
            if (exit != 0)
            {
                return PgBenchResult.Failure($"pgbench exited {exit}: {stdout.Trim()}") with { Command = command };
            }

            return new PgBenchResult(command, options.PgBenchClients, threads, options.DurationSeconds, options.PgBenchEvents,
                Number(TpsLine().Match(stdout)), (long)Number(ProcessedLine().Match(stdout)), (long)Number(FailedLine().Match(stdout)),
                Percentiles.Of(latency), null);
        }
        finally
        {
            await ExecuteAsync(primary, EquivalentSql.Drop);
        }
    }

    private async Task<(int Exit, string Stdout)> RunProcessAsync(string binary, string[] args, string? password)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = outDir,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PGPASSWORD"] = password ?? "";
        start.Environment["PGAPPNAME"] = "ledger-load-pgbench";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && !options.Quiet)
            {
                Console.WriteLine($"pgbench: {text}");
            }
        };
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationSeconds + 60));
        string stdout;
        try
        {
            stdout = await process.StandardOutput.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out; killed");
        }

        return (process.ExitCode, stdout);
    }

    /// <summary>pgbench -l writes one line per transaction: client, number, elapsed µs, ...; then the files go.</summary>
    private static HdrHistogram.LongHistogram ReadLogs(string prefix)
    {
        var histogram = Latency.NewHistogram();
        var dir = Path.GetDirectoryName(prefix)!;
        foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(prefix) + ".*"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length > 2 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var micros))
                {
                    Latency.Record(histogram, micros);
                }
            }

            File.Delete(file);
        }

        return histogram;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource primary, string sql)
    {
        await using var command = primary.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static string? FindOnPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "pgbench"))
            .FirstOrDefault(File.Exists);

    private static double Number(Match match) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^tps = ([0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^number of transactions actually processed: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex ProcessedLine();

    [GeneratedRegex(@"^number of failed transactions: ([0-9]+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}
