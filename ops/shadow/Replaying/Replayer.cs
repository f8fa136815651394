using System.Diagnostics;
using Ledger.Shadow.Comparing;
using Ledger.Shadow.Log;
using Ledger.Shadow.Reporting;

namespace Ledger.Shadow.Replaying;

/// <summary>
/// Replays exchanges in order against two sides and compares each pair of answers. A request goes
/// to both sides at once; the next one waits for both, so a read after a write sees it on both
/// sides. Without a primary side the exchange's own (recorded or just proxied) answer stands for it.
/// </summary>
internal sealed class Replayer(Rules rules, Side? primary, Side shadow)
{
    public const string ConsistencyTokenHeader = "Ledger-Consistency-Token";

    // The log's token for a write → the token each side returned for the same write.
    private readonly Dictionary<string, (string? Primary, string? Shadow)> _tokens = new(StringComparer.Ordinal);
    private readonly List<double> _primaryMs = [];
    private readonly List<double> _shadowMs = [];

    public Counts Counts { get; } = new();

    public List<ExchangeReport> Findings { get; } = [];

    public Dictionary<string, Percentiles> Latency => new()
    {
        ["primary"] = Percentiles.Of(_primaryMs),
        ["shadow"] = Percentiles.Of(_shadowMs),
    };

    /// <summary>Runs to the end of the log or until stopped; returns whether it was stopped early.</summary>
    /// <param name="rate">Requests per second at most; null: as fast as the answers come.</param>
    public async Task<bool> RunAsync(string log, double? rate, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        await foreach (var exchange in ExchangeLog.ReadAsync(log))
        {
            if (stop.IsCancellationRequested)
            {
                return true;
            }

            if (rate is { } perSecond)
            {
                var due = TimeSpan.FromSeconds(Counts.Requests / perSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, CancellationToken.None);
                }
            }

            await ReplayAsync(exchange);
            if (Counts.Requests % 1000 == 0)
            {
                Console.WriteLine($"  {Counts.Requests} requests, {Counts.Different} different, {Counts.Errors} errors");
            }
        }

        return false;
    }

    /// <summary>Sends one exchange's request to the side(s) and counts the comparison; not thread-safe: one caller at a time.</summary>
    public async Task ReplayAsync(Exchange exchange)
    {
        var request = exchange.Request;
        var mapped = request.Headers.TryGetValue(ConsistencyTokenHeader, out var logged) && _tokens.TryGetValue(logged, out var pair) ? pair : default;
        var primaryTask = primary is null ? Task.FromResult(SideAnswer.FromLog(exchange)) : primary.SendAsync(request, mapped.Primary);
        var shadowTask = shadow.SendAsync(request, mapped.Shadow);
        var (p, s) = (await primaryTask, await shadowTask);
        if (exchange.Response?.Headers.FirstOrDefault(h => h.Key.Equals(ConsistencyTokenHeader, StringComparison.OrdinalIgnoreCase)).Value is { } token)
        {
            _tokens[token] = (p.Header(ConsistencyTokenHeader), s.Header(ConsistencyTokenHeader));
        }

        Counts.Requests++;
        AddLatency(_primaryMs, p);
        AddLatency(_shadowMs, s);
        if (p.Response is null || s.Response is null)
        {
            Counts.Errors++;
            Counts.ErrorsPrimary += p.Response is null ? 1 : 0;
            Counts.ErrorsShadow += s.Response is null ? 1 : 0;
            Findings.Add(new ExchangeReport(exchange.Seq, request.ToString(), "error", p.Response?.Status, s.Response?.Status, null, p.Error, s.Error, []));
            return;
        }

        var comparison = Comparer.Compare(p.Response, s.Response, rules);
        Counts.RawBodyIdentical += comparison.RawBodyIdentical ? 1 : 0;
        switch (comparison.Verdict)
        {
            case Verdict.Identical:
                Counts.Identical++;
                break;
            case Verdict.EqualAfterRules:
                Counts.EqualAfterRules++;
                break;
            default:
                Counts.Different++;
                Findings.Add(new ExchangeReport(exchange.Seq, request.ToString(), "different", p.Response.Status, s.Response.Status,
                    comparison.RawBodyIdentical, null, null, comparison.Differences));
                break;
        }
    }

    // A side's time counts whenever it answered, also when the other side failed.
    private static void AddLatency(List<double> samples, SideAnswer answer)
    {
        if (answer.Response is not null)
        {
            samples.Add(answer.ElapsedMs);
        }
    }
}
