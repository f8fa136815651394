using Ledger.Shadow.Cli;

namespace Ledger.Shadow.Recording;

internal sealed record RecordOptions(ProxySettings Proxy, string Log)
{
    public const string Usage = """
        usage: ops/shadow/run record --listen 127.0.0.1:PORT --target URL --log FILE [options]

        A recording reverse proxy: forwards every request to the target, returns the target's answer
        unchanged and appends one JSON line per exchange to the log (method, path and query, the
        request headers that change an answer: Authorization, Idempotency-Key, Content-Type,
        Ledger-Consistency-Token; the request body; the answer's status, headers, body and time).
        Stop it with Ctrl+C; every line is already on disk.

          --listen HOST:PORT      where clients connect, loopback only (e.g. 127.0.0.1:5090)
          --target URL            the API behind it, loopback only (default http://127.0.0.1:5080)
          --log FILE              appended to, created if missing (it holds API keys: keep it private)
          --timeout S             per-request timeout towards the target (default 30)
          --quiet                 no line per exchange
          -h, --help              this text

        example: ops/shadow/run record --listen 127.0.0.1:5090 --target http://127.0.0.1:5080 --log ops/shadow/logs/today.jsonl
        """;

    /// <summary>Null when --help was asked for.</summary>
    public static RecordOptions? Parse(string[] args)
    {
        (string Host, int Port)? listen = null;
        var target = new Uri("http://127.0.0.1:5080");
        string? log = null;
        var timeout = 30.0;
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
                case "--target":
                    target = Loopback.BaseUrl(name, Value());
                    break;
                case "--log":
                    log = Value();
                    break;
                case "--timeout":
                    timeout = Numbers.Parse(name, Value(), 0.1, 600);
                    break;
                case "--quiet":
                    quiet = true;
                    break;
                default:
                    throw new UsageException($"unknown argument to record: {name}");
            }
        }

        var (host, port) = listen ?? throw new UsageException("record needs --listen HOST:PORT, e.g. --listen 127.0.0.1:5090");
        return new RecordOptions(new ProxySettings(host, port, target, timeout, quiet), log ?? throw new UsageException("record needs --log FILE"));
    }
}
