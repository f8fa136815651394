namespace Ledger.Shadow.Comparing;

/// <summary>
/// Compares two answers to the same request: status, headers, body. Pure: no I/O, no clock, so the
/// self-check (<c>ops/shadow/run selftest</c>) can pin its behaviour.
/// </summary>
internal static partial class Comparer
{
    /// <summary>Differences listed per exchange at most; the verdict counts them all.</summary>
    public const int MaxDifferences = 50;

    public static Comparison Compare(ObservedResponse primary, ObservedResponse shadow, Rules rules)
    {
        var differences = new List<Difference>();
        if (primary.Status != shadow.Status)
        {
            differences.Add(new Difference("status", "status", N(primary.Status), N(shadow.Status)));
        }

        var headersRaw = CompareHeaders(primary, shadow, rules, differences);
        var rawBody = primary.Body.AsSpan().SequenceEqual(shadow.Body);
        if (!rawBody)
        {
            CompareBodies(primary.Body, shadow.Body, rules, differences);
        }

        var verdict = differences.Count > 0 ? Verdict.Different
            : rawBody && headersRaw ? Verdict.Identical
            : Verdict.EqualAfterRules;
        return new Comparison(verdict, rawBody, differences.Count > MaxDifferences ? differences[..MaxDifferences] : differences);
    }

    /// <summary>Adds header differences; returns whether the compared headers were also equal before the value rules.</summary>
    private static bool CompareHeaders(ObservedResponse primary, ObservedResponse shadow, Rules rules, List<Difference> differences)
    {
        var p = Compared(primary, rules);
        var s = Compared(shadow, rules);
        var raw = true;
        foreach (var name in p.Keys.Concat(s.Keys.Where(k => !p.ContainsKey(k))))
        {
            var pv = p.GetValueOrDefault(name);
            var sv = s.GetValueOrDefault(name);
            if (pv == sv)
            {
                continue;
            }

            raw = false;
            if (pv is null || sv is null || !rules.IgnoredHeaderValues.Contains(name))
            {
                differences.Add(new Difference("header", name, pv, sv));
            }
        }

        return raw;
    }

    private static Dictionary<string, string> Compared(ObservedResponse response, Rules rules)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response.Headers)
        {
            if (!Rules.TransportHeaders.Contains(name) && !rules.IgnoredHeaders.Contains(name))
            {
                headers[name] = headers.TryGetValue(name, out var before) ? before + ", " + value : value;
            }
        }

        return headers;
    }

    private static string N(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
