using System.Globalization;
using System.Net;
using Npgsql;

namespace Ledger.Load;

/// <summary>The command line, checked once: everything else may trust these values.</summary>
internal sealed record Options
{
    public const string Usage = """
        usage: ops/load/run [options]      (or: dotnet run --project ops/load -c Release -- [options])

        Open-loop load against the Ledger API: arrivals at a fixed rate whatever the answers take,
        latency measured from each arrival's intended start. Exit 0 when there was no 5xx, no
        transport error, no dropped arrival and every idempotency/consistency check held (and,
        with --require-targets, every p99 within its target).

          --url URL               API base address, loopback only (default http://127.0.0.1:5080)
          --rate R                arrivals per second (default 200)
          --duration S            measured seconds (default 20)
          --warmup S              seconds before measuring, kept apart: the rate climbs from zero
                                  over the first half, then holds (default 2)
          --mix K=W,...           weights of charge, capture, refund, payout, read; read splits into
                                  get_charge=50%, balance=30%, list=20% unless those are given
                                  (default charge=60,capture=10,refund=5,read=25)
          --retries P             % of arrivals that resend an earlier write, same key and body,
                                  expecting Idempotent-Replayed: true and the same bytes (default 5)
          --duplicates P          % of arrivals that send one new charge N times at once (default 2)
          --duplicate-fanout N    that N (default 3)
          --consistent-reads P    % of reads sending an earlier write's Ledger-Consistency-Token (default 30)
          --authorize-only P      % of charges made with capture=false, to be captured later (default 40)
          --currencies LIST       charge currencies (default EUR,USD,GBP,JPY)
          --max-in-flight N       unfinished arrivals at most; one more is dropped and counted (default 4096)
          --timeout S             per-request timeout in seconds (default 10)
          --http2                 HTTP/2 without TLS (prior knowledge): requests share a few
                                  connections as streams (default --url then http://127.0.0.1:5180)
          --db CONNSTRING         primary, direct, for lag sampling and pgbench (default
                                  Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger)
          --no-lag                don't sample projection lag
          --pgbench               after the HTTP phase, run pgbench with a charge's equivalent SQL
                                  for as long, and compare
          --pgbench-clients N     pgbench -c (default 32)
          --pgbench-threads N     pgbench -j (default 2)
          --pgbench-events N      event rows per pgbench transaction (default 1; a captured charge appends 2)
          --pgbench-path PATH     pgbench binary (default: on PATH, else /usr/lib/postgresql/15/bin/pgbench)
          --out DIR               report directory (default ops/load/reports/<timestamp>/)
          --quiet                 no per-second progress lines
          --require-targets       fail the run when a p99 misses its scale target (charges 80 ms;
                                  get_charge, balance, list 20 ms); by default they are only reported
          -h, --help              this text

        example: ops/load/run --rate 500 --duration 60 --warmup 5 \
                   --mix charge=60,capture=10,refund=5,read=25 --retries 5 --duplicates 2 --pgbench
        """;

    public const string DefaultDb = "Host=127.0.0.1;Port=5432;Database=ledger;Username=ledger;Password=ledger";

    /// <summary>The API's HTTP/2 listener (ops/ puts it 100 above the HTTP/1.1 one).</summary>
    private static readonly Uri DefaultHttp2Url = new("http://127.0.0.1:5180");

    public Uri Url { get; init; } = new("http://127.0.0.1:5080");
    public double Rate { get; init; } = 200;
    public int DurationSeconds { get; init; } = 20;
    public int WarmupSeconds { get; init; } = 2;
    public Mix Mix { get; init; } = Mix.Default;
    public double RetriesPercent { get; init; } = 5;
    public double DuplicatesPercent { get; init; } = 2;
    public int DuplicateFanout { get; init; } = 3;
    public double ConsistentReadsPercent { get; init; } = 30;
    public double AuthorizeOnlyPercent { get; init; } = 40;
    public IReadOnlyList<string> Currencies { get; init; } = ["EUR", "USD", "GBP", "JPY"];
    public int MaxInFlight { get; init; } = 4096;
    public int TimeoutSeconds { get; init; } = 10;
    public bool Http2 { get; init; }
    public Version RequestVersion => Http2 ? HttpVersion.Version20 : HttpVersion.Version11;
    public string Protocol => Http2 ? "HTTP/2" : "HTTP/1.1";
    public string Db { get; init; } = DefaultDb;
    public bool SampleLag { get; init; } = true;
    public bool PgBench { get; init; }
    public int PgBenchClients { get; init; } = 32;
    public int PgBenchThreads { get; init; } = 2;
    public int PgBenchEvents { get; init; } = 1;
    public string? PgBenchPath { get; init; }
    public string? Out { get; init; }
    public bool Quiet { get; init; }

    /// <summary>A p99 over its scale target fails the run (by default the targets line only reports).</summary>
    public bool RequireTargets { get; init; }
    public bool Help { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a one-line reason.</summary>
    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value");
            o = name switch
            {
                "-h" or "--help" => o with { Help = true },
                "--url" => o with { Url = LoopbackUrl(Value()) },
                "--rate" => o with { Rate = Number(name, Value(), 0.1, 100_000) },
                "--duration" => o with { DurationSeconds = (int)Number(name, Value(), 1, 3600) },
                "--warmup" => o with { WarmupSeconds = (int)Number(name, Value(), 0, 600) },
                "--mix" => o with { Mix = Mix.Parse(Value()) },
                "--retries" => o with { RetriesPercent = Number(name, Value(), 0, 100) },
                "--duplicates" => o with { DuplicatesPercent = Number(name, Value(), 0, 100) },
                "--duplicate-fanout" => o with { DuplicateFanout = (int)Number(name, Value(), 2, 64) },
                "--consistent-reads" => o with { ConsistentReadsPercent = Number(name, Value(), 0, 100) },
                "--authorize-only" => o with { AuthorizeOnlyPercent = Number(name, Value(), 0, 100) },
                "--currencies" => o with { Currencies = CurrencyCodes(Value()) },
                "--max-in-flight" => o with { MaxInFlight = (int)Number(name, Value(), 1, 100_000) },
                "--timeout" => o with { TimeoutSeconds = (int)Number(name, Value(), 1, 600) },
                "--http2" => o with { Http2 = true },
                "--db" => o with { Db = LoopbackDb(Value()) },
                "--no-lag" => o with { SampleLag = false },
                "--pgbench" => o with { PgBench = true },
                "--pgbench-clients" => o with { PgBenchClients = (int)Number(name, Value(), 1, 1000) },
                "--pgbench-threads" => o with { PgBenchThreads = (int)Number(name, Value(), 1, 64) },
                "--pgbench-events" => o with { PgBenchEvents = (int)Number(name, Value(), 1, 100) },
                "--pgbench-path" => o with { PgBenchPath = Value() },
                "--out" => o with { Out = Value() },
                "--quiet" => o with { Quiet = true },
                "--require-targets" => o with { RequireTargets = true },
                _ => throw new ArgumentException($"unknown argument: {name} (see --help)"),
            };
        }

        if (o.Http2 && !args.Contains("--url"))
        {
            o = o with { Url = DefaultHttp2Url };
        }

        if (o.RetriesPercent + o.DuplicatesPercent > 100)
        {
            throw new ArgumentException("--retries and --duplicates add up to more than 100%");
        }

        return o;
    }

    private static double Number(string option, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{option} needs a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");

    private static string[] CurrencyCodes(string value)
    {
        var codes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return codes.Length > 0 && codes.All(c => c.Length == 3 && c.All(char.IsAsciiLetterUpper))
            ? codes
            : throw new ArgumentException("--currencies needs uppercase ISO 4217 codes, e.g. EUR,USD");
    }

    // This machine may send load only to itself: refuse any other target up front.
    private static Uri LoopbackUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && IsLoopback(uri.Host)
            ? uri
            : throw new ArgumentException("--url needs an http(s) address on this machine, e.g. http://127.0.0.1:5080");

    private static string LoopbackDb(string value)
    {
        NpgsqlConnectionStringBuilder db;
        try
        {
            db = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"--db is not a connection string: {e.Message}");
        }

        return db.Host is { } host && host.Split(',').All(h => IsLoopback(h.Split(':')[0]))
            ? value
            : throw new ArgumentException("--db needs Host= on this machine (127.0.0.1)");
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
