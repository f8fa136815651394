using Ledger.Shadow.Cli;
using Ledger.Shadow.Recording;

namespace Ledger.Shadow.Mirroring;

internal sealed record MirrorOptions(ProxySettings Proxy, Uri Shadow, IReadOnlyList<string> Rules, string? Log, string? Report, int Show)
{
    public const string Usage = """
        usage: ops/shadow/run mirror --listen 127.0.0.1:PORT --primary URL --shadow URL [options]

        Live shadow traffic: a reverse proxy to the primary (clients get the primary's answers, as
        with record); each exchange is then sent to the shadow in the background, in the order the
        primary answered, and the two answers are compared as replay does. Ctrl+C (or SIGTERM) stops
        taking requests, lets the shadow catch up, prints the summary and writes the report.
        Exit 0 when every answer matched, 1 on a difference or a failed request, 2 bad arguments.

          --listen HOST:PORT      where clients connect, loopback only
          --primary URL           the system that answers clients, loopback only
          --shadow URL            the system that only receives copies, loopback only
          --rules FILE            ignore rules, repeatable (default ops/shadow/rules.default.json)
          --log FILE              also append every exchange to this log (replayable later)
          --report DIR            report directory (default ops/shadow/reports/<timestamp>/)
          --timeout S             per-request timeout on both sides (default 30)
          --show N                differences printed at the end (default 20)
          --quiet                 no line per exchange
          -h, --help              this text

        The shadow gets a write only after the primary answered it: a copy lags, never leads. A
        shadow slower than the traffic falls behind; past 10,000 queued copies new ones are counted
        as skipped, not sent.
        """;

    /// <summary>Null when --help was asked for.</summary>
    public static MirrorOptions? Parse(string[] args)
    {
        (string Host, int Port)? listen = null;
        Uri? primary = null;
        Uri? shadow = null;
        var rules = new List<string>();
        string? log = null;
        string? report = null;
        var timeout = 30.0;
        var show = 20;
        var quiet = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => ++i < args.Length ? args[i] : throw new UsageException($"{name} needs a value");
            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--listen":
                    listen = Loopback.ListenAddress(name, Value());
                    break;
                case "--primary":
                    primary = Loopback.BaseUrl(name, Value());
                    break;
                case "--shadow":
                    shadow = Loopback.BaseUrl(name, Value());
                    break;
                case "--rules":
                    rules.Add(Value());
                    break;
                case "--log":
                    log = Value();
                    break;
                case "--report":
                    report = Value();
                    break;
                case "--timeout":
                    timeout = Numbers.Parse(name, Value(), 0.1, 600);
                    break;
                case "--show":
                    show = (int)Numbers.Parse(name, Value(), 0, 100_000);
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    throw new UsageException($"unknown argument to mirror: {name}");
            }
        }

        var (host, port) = listen ?? throw new UsageException("mirror needs --listen HOST:PORT, e.g. --listen 127.0.0.1:5090");
        return new MirrorOptions(
            new ProxySettings(host, port, primary ?? throw new UsageException("mirror needs --primary URL"), timeout, quiet),
            shadow ?? throw new UsageException("mirror needs --shadow URL"),
            rules.Count > 0 ? rules : [ToolHome.DefaultRules], log, report, show);
    }
}
