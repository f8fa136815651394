using Ledger.Shadow.Cli;
using Ledger.Shadow.Comparing;

namespace Ledger.Shadow.SelfTest;

/// <summary>
/// <c>ops/shadow/run selftest</c>: the comparison's promises as built-in cases, so the tool can be
/// checked without the product's test suite (which does not reference it). Exit 0 when all hold.
/// </summary>
internal static class SelfTest
{
    private const string Json = "application/json";

    private sealed record Case(string Name, ObservedResponse Primary, ObservedResponse Shadow, Rules Rules, Verdict Expected, string? Path = null);

    public static int Run()
    {
        var rules = Rules.Parse("""
            {
              "json": { "ignore": ["id", "created", "$.meta.*"], "replace": [{ "pattern": "ch_[0-9a-z]+", "replacement": "ch_<id>" }] },
              "text": { "replace": [{ "pattern": "ch_[0-9a-z]+", "replacement": "ch_<id>" }] },
              "headers": { "ignore": ["Ledger-Staleness-Ms"], "ignore_value": ["Ledger-Consistency-Token"] }
            }
            """, "selftest");
        var failures = 0;
        foreach (var c in Cases(rules))
        {
            var result = Comparer.Compare(c.Primary, c.Shadow, c.Rules);
            var first = result.Differences.FirstOrDefault();
            var ok = result.Verdict == c.Expected && (c.Path is null || first?.Path == c.Path);
            failures += ok ? 0 : 1;
            Console.WriteLine($"  {(ok ? "ok  " : "FAIL")} {c.Name}: {result.Verdict}{(first is null ? "" : $" ({first.Kind} {first.Path}: {first.Primary ?? "(absent)"} vs {first.Shadow ?? "(absent)"})")}");
            if (!ok)
            {
                Console.WriteLine($"       expected {c.Expected}{(c.Path is null ? "" : $" at {c.Path}")}");
            }
        }

        failures += CheckDefaultRules();
        Console.WriteLine(failures == 0 ? "selftest: all cases hold" : $"selftest: {failures} case(s) failed");
        return failures == 0 ? 0 : 1;
    }

    private static IEnumerable<Case> Cases(Rules rules)
    {
        const string charge = """{"id":"ch_aaa","amount":1234,"currency":"EUR","created":"2026-01-01T00:00:00Z","refunds":[]}""";
        var ct = ("Content-Type", Json);
        yield return new("identical bytes", R(201, charge, ct), R(201, charge, ct), rules, Verdict.Identical);
        yield return new("ignored id and timestamp differ",
            R(201, charge, ct),
            R(201, """{"id":"ch_bbb","amount":1234,"currency":"EUR","created":"2026-02-02T00:00:00Z","refunds":[]}""", ct),
            rules, Verdict.EqualAfterRules);
        yield return new("property order and number form differ",
            R(200, """{"a":1,"b":2.0}""", ct), R(200, """{"b":2,"a":1}""", ct), rules, Verdict.EqualAfterRules);
        yield return new("ignored field missing on the shadow",
            R(201, charge, ct), R(201, """{"amount":1234,"currency":"EUR","created":"x","refunds":[]}""", ct),
            rules, Verdict.Different, "$.id");
        yield return new("extra field on the shadow",
            R(200, """{"a":1}""", ct), R(200, """{"a":1,"b":null}""", ct), rules, Verdict.Different, "$.b");
        yield return new("amount differs",
            R(201, charge, ct), R(201, charge.Replace("1234", "1235", StringComparison.Ordinal), ct), rules, Verdict.Different, "$.amount");
        yield return new("nested array element differs",
            R(200, """{"data":[{"id":"x","amount":1},{"id":"y","amount":2}]}""", ct),
            R(200, """{"data":[{"id":"p","amount":1},{"id":"q","amount":3}]}""", ct), rules, Verdict.Different, "$.data[1].amount");
        yield return new("array length differs",
            R(200, """{"data":[1,2]}""", ct), R(200, """{"data":[1]}""", ct), rules, Verdict.Different, "$.data[1]");
        yield return new("anchored pattern ignores only under $.meta",
            R(200, """{"meta":{"x":1},"x":1}""", ct), R(200, """{"meta":{"x":2},"x":1}""", ct), rules, Verdict.EqualAfterRules);
        yield return new("anchored pattern does not reach the root",
            R(200, """{"meta":{"x":1},"x":1}""", ct), R(200, """{"meta":{"x":1},"x":2}""", ct), rules, Verdict.Different, "$.x");
        yield return new("id inside a JSON string, replaced",
            R(404, """{"detail":"charge ch_abc not found"}""", ct), R(404, """{"detail":"charge ch_xyz not found"}""", ct),
            rules, Verdict.EqualAfterRules);
        yield return new("status differs", R(201, charge, ct), R(200, charge, ct), rules, Verdict.Different, "status");
        yield return new("non-JSON body, regex rule", R(404, "no charge ch_abc"), R(404, "no charge ch_xyz"), rules, Verdict.EqualAfterRules);
        yield return new("non-JSON body differs", R(500, "boom at ch_abc"), R(500, "bang at ch_abc"), rules, Verdict.Different, "text@1");
        yield return new("non-JSON body without rules", R(404, "no charge ch_abc"), R(404, "no charge ch_xyz"), Rules.None, Verdict.Different, "text@13");
        yield return new("ignored header value differs",
            R(201, charge, ct, ("Ledger-Consistency-Token", "shard1.1")), R(201, charge, ct, ("Ledger-Consistency-Token", "shard1.9")),
            rules, Verdict.EqualAfterRules);
        yield return new("ignored-value header missing on one side",
            R(201, charge, ct, ("Ledger-Consistency-Token", "shard1.1")), R(201, charge, ct), rules, Verdict.Different, "Ledger-Consistency-Token");
        yield return new("ignored header differs or is missing",
            R(200, charge, ct, ("Ledger-Staleness-Ms", "3")), R(200, charge, ct), rules, Verdict.Identical);
        yield return new("Idempotent-Replayed on one side only",
            R(201, charge, ct), R(201, charge, ct, ("Idempotent-Replayed", "true")), rules, Verdict.Different, "Idempotent-Replayed");
        yield return new("Content-Type differs",
            R(200, charge, ct), R(200, charge, ("Content-Type", "application/json; charset=utf-8")), rules, Verdict.Different, "Content-Type");
        yield return new("Date and Server never count",
            R(200, charge, ct, ("Date", "Mon"), ("Server", "Kestrel")), R(200, charge, ct, ("Date", "Tue")), rules, Verdict.Identical);
        yield return new("JSON against non-JSON", R(200, "{}", ct), R(200, "<html>", ct), rules, Verdict.Different, "text@0");
    }

    /// <summary>The shipped rules file must load, and must not ignore the fields that carry money.</summary>
    private static int CheckDefaultRules()
    {
        try
        {
            var rules = Rules.Load(ToolHome.DefaultRules);
            string[] money = ["amount", "currency", "status", "amount_refunded", "amount_captured"];
            var leaking = money.Where(f => rules.IgnoredJson.Any(p => p.Matches([f]) || p.Matches(["data", "0", f]))).ToList();
            Console.WriteLine(leaking.Count == 0
                ? $"  ok   default rules load ({ToolHome.DefaultRules}) and leave money fields compared"
                : $"  FAIL default rules ignore {string.Join(", ", leaking)}");
            return leaking.Count == 0 ? 0 : 1;
        }
        catch (FormatException e)
        {
            Console.WriteLine($"  FAIL default rules: {e.Message}");
            return 1;
        }
    }

    private static ObservedResponse R(int status, string body, params (string Name, string Value)[] headers) =>
        ObservedResponse.Of(status, body, headers);
}
