namespace Ledger.Shadow.Reporting;

/// <summary>The end-of-run table on the terminal: how many answers matched, and the first differences.</summary>
internal static class ConsoleSummary
{
    public static void Print(ReplayReport r, string reportPath, int show)
    {
        var c = r.Summary;
        Line($"");
        Line($"== shadow {r.Mode} {r.RunId}: {(r.Clean ? "NO DIFFERENCES" : "DIFFERENCES")}{(r.Interrupted ? " (interrupted)" : "")} ==");
        Line($"primary  {r.Primary}");
        Line($"shadow   {r.Shadow}");
        Line($"rules    {string.Join(" + ", r.Rules)}");
        Line($"");
        Line($"  {"outcome",-28} {"count",7}");
        Row("requests", c.Requests);
        Row("identical", c.Identical);
        Row("equal after rules", c.EqualAfterRules);
        Row("different", c.Different);
        Row("errors (primary)", c.ErrorsPrimary);
        Row("errors (shadow)", c.ErrorsShadow);
        Row("raw bodies byte-identical", c.RawBodyIdentical);
        Line($"");
        Line($"  {"latency ms",-28} {"count",7} {"p50",8} {"p99",8} {"max",8}");
        foreach (var (side, p) in r.LatencyMs)
        {
            Line($"  {side,-28} {p.Count,7} {p.P50,8:0.00} {p.P99,8:0.00} {p.Max,8:0.00}");
        }

        var shown = 0;
        foreach (var e in r.Exchanges)
        {
            if (shown == 0 && show > 0)
            {
                Line($"");
                Line($"differences (primary | shadow; (absent) = not there):");
            }

            if (e.Differences.Count == 0 && shown++ < show)
            {
                Line($"  #{e.Seq} {e.Request}: error, primary {e.PrimaryError ?? "answered"} | shadow {e.ShadowError ?? "answered"}");
            }

            foreach (var d in e.Differences)
            {
                if (shown++ < show)
                {
                    Line($"  #{e.Seq} {e.Request}: {d.Kind} {d.Path}: {V(d.Primary)} | {V(d.Shadow)}");
                }
            }
        }

        if (shown > show)
        {
            Line($"  … {shown - show} more in the report");
        }

        Line($"");
        Line($"report   {reportPath}");
    }

    private static string V(string? value) => value is null ? "(absent)" : value.Length > 120 ? value[..120] + "…" : value;

    private static void Row(string name, int count) => Line($"  {name,-28} {count,7}");

    private static void Line(FormattableString text) => Console.WriteLine(FormattableString.Invariant(text));
}
