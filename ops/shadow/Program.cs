using Ledger.Shadow.Cli;
using Ledger.Shadow.Mirroring;
using Ledger.Shadow.Recording;
using Ledger.Shadow.Replaying;

// The shadow tool: record a request log through a proxy, replay it against a primary and a shadow
// (or mirror live traffic) and compare the answers.
// Exit 0 no differences, 1 differences or failed requests, 2 bad arguments.
const string Usage = """
    usage: ops/shadow/run COMMAND [options]      (or: dotnet run --project ops/shadow -c Release -- ...)

    Shadow traffic for the Ledger API: the same requests against two systems, answers compared byte
    for byte with ignore rules for what may differ (ids, timestamps, consistency tokens).
    Every address must be on this machine (127.0.0.1, localhost, [::1]).

      record     a recording reverse proxy: --listen 127.0.0.1:PORT --target URL --log FILE
      replay     replay a log against two base URLs and compare: --log FILE --primary URL --shadow URL
                 [--rules FILE] [--report DIR] [--rate N]
      mirror     live: proxy to the primary, send a copy of each exchange to the shadow, compare:
                 --listen 127.0.0.1:PORT --primary URL --shadow URL [--rules FILE] [--log FILE]
      selftest   the comparison's built-in cases; exit 0 when all hold
      help       this text; `ops/shadow/run COMMAND --help` for a command's options

    example: ops/shadow/run record --listen 127.0.0.1:5090 --target http://127.0.0.1:5080 --log /tmp/shadow.jsonl
             ops/shadow/run replay --log /tmp/shadow.jsonl --primary http://127.0.0.1:5080 --shadow http://127.0.0.1:5080
    """;

var command = args.Length > 0 ? args[0] : "";
var rest = args.Length > 0 ? args[1..] : [];
try
{
    switch (command)
    {
        case "record":
            return RecordOptions.Parse(rest) is { } record ? await RecordCommand.RunAsync(record) : Help(RecordOptions.Usage);
        case "replay":
            return ReplayOptions.Parse(rest) is { } replay ? await ReplayCommand.RunAsync(replay, args) : Help(ReplayOptions.Usage);
        case "mirror":
            return MirrorOptions.Parse(rest) is { } mirror ? await MirrorCommand.RunAsync(mirror, args) : Help(MirrorOptions.Usage);
        case "selftest":
            return Ledger.Shadow.SelfTest.SelfTest.Run();
        case "help" or "-h" or "--help":
            return Help(Usage);
        case "":
            throw new UsageException("no command given");
        default:
            throw new UsageException($"unknown command: {command}");
    }
}
catch (UsageException e)
{
    Console.Error.WriteLine($"shadow: {e.Message}");
    Console.Error.WriteLine(command switch { "record" => RecordOptions.Usage, "replay" => ReplayOptions.Usage, "mirror" => MirrorOptions.Usage, _ => Usage });
    return 2;
}

static int Help(string usage)
{
    Console.WriteLine(usage);
    return 0;
}
