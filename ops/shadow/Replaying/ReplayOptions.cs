using Ledger.Shadow.Cli;

namespace Ledger.Shadow.Replaying;

/// <param name="Primary">The primary's base URL; null: the answers recorded in the log stand for the primary.</param>
internal sealed record ReplayOptions(
    string Log, Uri? Primary, Uri Shadow, IReadOnlyList<string> Rules, string? Report, double? Rate, double TimeoutSeconds, int Show)
{
    public const string Recorded = "recorded";

    public const string Usage = """
        usage: ops/shadow/run replay --log FILE --primary URL --shadow URL [options]

        Sends every request of the log, in log order, to both base URLs (same method, path, headers
        and body; both at once, the next request only when both answered) and compares the answers:
        status, headers (all but Date, Server, framing and the rules' ignored ones) and the body,
        byte for byte; bodies that differ are compared as JSON after the rules normalised them (or as
        text after the regex replacements). A Ledger-Consistency-Token from the log is swapped for
        the token each side itself returned for that write.
        Exit 0 when every answer matched, 1 on a difference or a request that failed, 2 bad arguments.

          --log FILE              the request log (from `record`)
          --primary URL           base URL, loopback only; or "recorded": compare the shadow with the
                                  answers in the log (nothing is sent to a primary)
          --shadow URL            base URL, loopback only
          --rules FILE            ignore rules (default ops/shadow/rules.default.json; see README); given
                                  more than once, the rules add up (e.g. the default plus
                                  ops/shadow/rules.replayed.json when --primary is recorded)
          --report DIR            report directory (default ops/shadow/reports/<timestamp>/)
          --rate N                at most N requests per second (default: as fast as the answers come)
          --timeout S             per-request timeout (default 30)
          --show N                differences printed on the terminal (default 20; all are in the report)
          -h, --help              this text

        example: ops/shadow/run replay --log ops/shadow/logs/today.jsonl \
                   --primary http://127.0.0.1:5080 --shadow http://127.0.0.1:5081
        """;

    /// <summary>Null when --help was asked for.</summary>
    public static ReplayOptions? Parse(string[] args)
    {
        string? log = null;
        string? primary = null;
        Uri? shadow = null;
        var rules = new List<string>();
        string? report = null;
        double? rate = null;
        var timeout = 30.0;
        var show = 20;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => ++i < args.Length ? args[i] : throw new UsageException($"{name} needs a value");
            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--log":
                    log = Value();
                    break;
                case "--primary":
                    primary = Value();
                    break;
                case "--shadow":
                    shadow = Loopback.BaseUrl(name, Value());
                    break;
                case "--rules":
                    rules.Add(Value());
                    break;
                case "--report":
                    report = Value();
                    break;
                case "--rate":
                    rate = Numbers.Parse(name, Value(), 0.01, 100_000);
                    break;
                case "--timeout":
                    timeout = Numbers.Parse(name, Value(), 0.1, 600);
                    break;
                case "--show":
                    show = (int)Numbers.Parse(name, Value(), 0, 100_000);
                    break;
                default:
                    throw new UsageException($"unknown argument to replay: {name}");
            }
        }

        return new ReplayOptions(
            log ?? throw new UsageException("replay needs --log FILE"),
            primary switch
            {
                null => throw new UsageException($"replay needs --primary URL (or --primary {Recorded})"),
                Recorded => null,
                _ => Loopback.BaseUrl("--primary", primary),
            },
            shadow ?? throw new UsageException("replay needs --shadow URL"),
            rules.Count > 0 ? rules : [ToolHome.DefaultRules], report, rate, timeout, show);
    }
}
