using System.Globalization;
using System.Net;
using System.Text;
using Ledger.Load.Stats;

namespace Ledger.Load.Report;

/// <summary>report.html: one self-contained page, charts as inline SVG, numbers as tables.</summary>
internal static class HtmlReport
{
    public static string Render(RunReport r)
    {
        var html = new StringBuilder();
        var http = r.Http;
        var m = http.Measured;
        Add(html, $$"""
            <!doctype html><html><head><meta charset="utf-8"><title>Ledger load {{E(r.RunId)}}</title>
            <style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}
            td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
            .ok{color:#1a7f37}.bad{color:#c62828}code{background:#f6f6f6;padding:1px 4px}</style></head><body>
            <h1>Ledger load run {{E(r.RunId)}}</h1>
            <p>{{E(r.StartedAt.ToString("u", CultureInfo.InvariantCulture))}} &middot; <code>{{E(r.CommandLine)}}</code></p>
            <h2 class="{{(r.Verdict.Ok ? "ok" : "bad")}}">{{(r.Verdict.Ok ? "PASS" : "FAIL")}}</h2>

            """);
        if (r.Verdict.Reasons.Count > 0)
        {
            Add(html, $"<ul>{string.Concat(r.Verdict.Reasons.Select(x => $"<li>{E(x)}</li>"))}</ul>");
        }

        Table(html, ["", "value"],
        [
            ["target rate", $"{r.Settings.Rate:0.#} arrivals/s for {r.Settings.DurationSeconds} s (warm-up {r.Settings.WarmupSeconds} s)"],
            ["completed", $"{m.Requests} requests, {http.AchievedRps:0.#}/s"],
            ["charges committed", $"{m.ChargesCommitted} ({http.ChargesPerSecond:0.#}/s); all writes {m.WritesCommitted} ({http.WritesPerSecond:0.#}/s)"],
            ["dropped / late starts", $"{http.Dropped} / {http.LateStarts} (max start lag {http.MaxStartLagMs:0.#} ms)"],
            ["max in flight", $"{http.MaxInFlight}"],
            ["errors", $"5xx {m.ServerErrors}, 4xx {m.ClientErrors}, transport {m.Failures}"],
            ["host CPU", r.Host.BusyCoresMean is not null
                ? $"busy {r.Host.BusyCoresMean:0.00} of {r.Host.Cores} cores (mean); steal {r.Host.StealCoresMean:0.00} mean, {r.Host.StealCoresMax:0.00} in the worst second"
                : "not available"],
            ["generator GC pauses", $"{r.Host.GeneratorGcPauseMsTotal:0.#} ms in all, {r.Host.GeneratorGcPauseMsMax:0.#} ms in the worst second"],
            .. r.Targets.Select(t => (string[])[$"p99 target, {t.Operation}", $"{t.P99Ms:0.00} ms against ≤ {t.BoundMs:0} ms: {(t.Met ? "met" : "missed")}"]),
        ]);

        var measured = r.Timeline.Where(s => s.Phase != "warmup").ToList();
        var xs = measured.Select(s => (double)s.T).ToList();
        html.Append(SvgChart.Lines("Latency per second (from intended start)", "ms (log)", xs,
        [
            new("p50", "#1f77b4", [.. measured.Select(s => s.Completed > 0 ? s.P50 : double.NaN)]),
            new("p99", "#ff7f0e", [.. measured.Select(s => s.Completed > 0 ? s.P99 : double.NaN)]),
            new("max", "#d62728", [.. measured.Select(s => s.Completed > 0 ? s.Max : double.NaN)]),
        ], logY: true));
        html.Append("<br>");
        html.Append(SvgChart.Lines("Throughput per second", "requests/s", xs,
        [
            new("sent", "#7f7f7f", [.. measured.Select(s => (double)s.Sent)]),
            new("completed", "#2ca02c", [.. measured.Select(s => (double)s.Completed)]),
            new("errors", "#d62728", [.. measured.Select(s => (double)s.Errors)]),
        ], logY: false));
        if (r.Host.BusyCoresMean is not null)
        {
            html.Append("<br>");
            html.Append(SvgChart.Lines("This machine's CPU per second", "cores", xs,
            [
                new("busy", "#17becf", [.. measured.Select(s => s.BusyCores ?? double.NaN)]),
                new("steal", "#e377c2", [.. measured.Select(s => s.StealCores ?? double.NaN)]),
            ], logY: false));
        }

        if (r.Lag is { Series.Count: > 0 } lag)
        {
            html.Append("<br>");
            html.Append(SvgChart.Lines("Projection lag (slowest of charges, balances, volume)", "ms / events", [.. lag.Series.Select(s => s.T)],
            [
                new("lag ms", "#9467bd", [.. lag.Series.Select(s => s.Ms)]),
                new("lag events", "#8c564b", [.. lag.Series.Select(s => (double)s.Events)]),
            ], logY: false));
        }

        Add(html, $"<h2>Latency (ms, measured phase)</h2>");
        Table(html, ["operation", "count", "errors", "mean", "p50", "p90", "p99", "p99.9", "max"],
            [.. m.Operations.Select(o => Row(o.Key, o.Value.Latency, o.Value.Errors)), Row("all", m.Overall, m.ServerErrors + m.ClientErrors + m.Failures)]);

        Add(html, $"<h2>Errors</h2>");
        Table(html, ["operation", "what", "count"], [.. m.Operations.SelectMany(o => o.Value.ErrorsBy.Select(e => new[] { o.Key, e.Key, N(e.Value) }))]);
        Table(html, ["HTTP status", "count"], [.. m.Statuses.Select(s => new[] { N(s.Key), N(s.Value) })]);
        Table(html, ["problem code", "count"], [.. m.ErrorCodes.Select(c => new[] { c.Key, N(c.Value) })]);
        Table(html, ["transport failure", "count"], [.. m.TransportFailures.Select(f => new[] { f.Key, N(f.Value) })]);
        Add(html, $"<p>Warm-up (not in the numbers above): {http.Warmup.Requests} requests, {http.Warmup.ServerErrors} 5xx, {http.Warmup.TransportFailures} transport failures.</p>");

        var c = r.Checks;
        Add(html, $"<h2>Idempotency and consistency checks (whole run)</h2>");
        Table(html, ["check", "made", "failed"],
        [
            ["retry replayed byte for byte", N(c.Replays), N(c.ReplayMismatches)],
            ["concurrent duplicates collapsed", N(c.DuplicateGroups), N(c.DuplicateMismatches)],
            ["read with token sees the write", N(c.ConsistentReads), N(c.ReadYourWriteViolations)],
        ]);
        if (c.Samples.Count > 0)
        {
            Add(html, $"<ul>{string.Concat(c.Samples.Select(s => $"<li><code>{E(s)}</code></li>"))}</ul>");
        }

        if (r.Lag is { } l)
        {
            Add(html, $"<h2>Projection lag</h2>");
            Table(html, ["", "p50", "p99", "max"],
            [
                ["events behind", N(l.Events.P50), N(l.Events.P99), N(l.Events.Max)],
                ["ms behind", N(l.Ms.P50), N(l.Ms.P99), N(l.Ms.Max)],
            ]);
            Add(html, $"<p>{l.Samples} samples every 250 ms, {l.Errors} failed{(l.LastError is null ? "" : $" (last: {E(l.LastError)})")}.</p>");
        }

        if (r.PgBench is { } pg)
        {
            Add(html, $"<h2>pgbench: the same write as raw SQL</h2>");
            if (pg.Result.Error is { } error)
            {
                Add(html, $"<p class=\"bad\">{E(error)}</p>");
            }
            else
            {
                Table(html, ["", "value"],
                [
                    ["command", pg.Result.Command],
                    ["transactions/s", $"{pg.Result.Tps:0.#} ({pg.Result.Transactions} done, {pg.Result.Failed} failed)"],
                    ["latency ms p50 / p99 / max", $"{pg.Result.Latency.P50:0.##} / {pg.Result.Latency.P99:0.##} / {pg.Result.Latency.Max:0.##}"],
                    ["our charges/s ÷ pgbench tx/s", $"{pg.ChargesRatio:0.###}"],
                    ["our writes/s ÷ pgbench tx/s", $"{pg.WritesRatio:0.###}"],
                ]);
            }
        }

        Add(html, $"<h2>Settings</h2>");
        var s = r.Settings;
        Table(html, ["", "value"],
        [
            ["url", $"{s.Url} ({s.Protocol})"], ["mix", s.Mix], ["retries / duplicates", $"{s.RetriesPercent}% / {s.DuplicatesPercent}% ×{s.DuplicateFanout}"],
            ["consistent reads / authorize-only", $"{s.ConsistentReadsPercent}% / {s.AuthorizeOnlyPercent}%"],
            ["currencies", string.Join(", ", s.Currencies)], ["max in flight / timeout", $"{s.MaxInFlight} / {s.TimeoutSeconds} s"],
            ["db", s.Db], ["cores", N(s.Cores)],
        ]);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string[] Row(string name, Percentiles p, long errors) =>
        [name, N(p.Count), N(errors), N(p.Mean), N(p.P50), N(p.P90), N(p.P99), N(p.P999), N(p.Max)];

    private static void Table(StringBuilder html, string[] head, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        html.Append("<table><tr>").Append(string.Concat(head.Select(h => $"<th>{E(h)}</th>"))).Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>").Append(string.Concat(row.Select(cell => $"<td>{E(cell)}</td>"))).Append("</tr>");
        }

        html.Append("</table>\n");
    }

    private static void Add(StringBuilder html, FormattableString text) => html.Append(FormattableString.Invariant(text));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
