using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ledger.Shadow.Comparing;

internal static partial class Comparer
{
    private const int Context = 40;

    // Values in differences read as they were sent: "<ignored>", not "\u003Cignored\u003E".
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bodies whose bytes differ: semantically as JSON after normalisation when both parse, else as text after the replacements.</summary>
    private static void CompareBodies(byte[] primary, byte[] shadow, Rules rules, List<Difference> differences)
    {
        if (TryParse(primary, out var p) && TryParse(shadow, out var s))
        {
            CompareJson(JsonNormaliser.Normalise(p, rules), JsonNormaliser.Normalise(s, rules), "$", differences);
            return;
        }

        var pText = Replacement.Apply(rules.TextReplacements, Encoding.UTF8.GetString(primary));
        var sText = Replacement.Apply(rules.TextReplacements, Encoding.UTF8.GetString(shadow));
        if (pText != sText)
        {
            var at = 0;
            while (at < pText.Length && at < sText.Length && pText[at] == sText[at])
            {
                at++;
            }

            differences.Add(new Difference("body", FormattableString.Invariant($"text@{at}"), Around(pText, at), Around(sText, at)));
        }
    }

    private static void CompareJson(JsonNode? p, JsonNode? s, string path, List<Difference> differences)
    {
        switch (p, s)
        {
            case (JsonObject po, JsonObject so):
                foreach (var (name, pv) in po)
                {
                    var child = Child(path, name);
                    if (so.TryGetPropertyValue(name, out var sv))
                    {
                        CompareJson(pv, sv, child, differences);
                    }
                    else
                    {
                        differences.Add(new Difference("body", child, Text(pv), null));
                    }
                }

                foreach (var (name, sv) in so.Where(kv => !po.ContainsKey(kv.Key)))
                {
                    differences.Add(new Difference("body", Child(path, name), null, Text(sv)));
                }

                break;
            case (JsonArray pa, JsonArray sa):
                for (var i = 0; i < Math.Max(pa.Count, sa.Count); i++)
                {
                    var child = FormattableString.Invariant($"{path}[{i}]");
                    if (i < pa.Count && i < sa.Count)
                    {
                        CompareJson(pa[i], sa[i], child, differences);
                    }
                    else
                    {
                        differences.Add(new Difference("body", child, i < pa.Count ? Text(pa[i]) : null, i < sa.Count ? Text(sa[i]) : null));
                    }
                }

                break;
            default:
                if (!SameValue(p, s))
                {
                    differences.Add(new Difference("body", path, Text(p), Text(s)));
                }

                break;
        }
    }

    /// <summary>Leaves (and an object against an array): numbers by value (1.0 = 1), everything else by its JSON text.</summary>
    private static bool SameValue(JsonNode? p, JsonNode? s)
    {
        if (p is JsonValue pv && s is JsonValue sv && pv.GetValueKind() == JsonValueKind.Number && sv.GetValueKind() == JsonValueKind.Number)
        {
            var pt = pv.ToJsonString();
            var st = sv.ToJsonString();
            return pt == st || (decimal.TryParse(pt, NumberStyles.Float, CultureInfo.InvariantCulture, out var pd)
                && decimal.TryParse(st, NumberStyles.Float, CultureInfo.InvariantCulture, out var sd) && pd == sd);
        }

        return Text(p) == Text(s);
    }

    private static bool TryParse(byte[] body, out JsonNode? node)
    {
        node = null;
        if (body.Length == 0)
        {
            return false;
        }

        try
        {
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            return true;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return false;
        }
    }

    private static string Child(string path, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{path}.{name}" : $"{path}[{JsonSerializer.Serialize(name)}]";

    private static string Text(JsonNode? node) => node?.ToJsonString(Readable) ?? "null";

    private static string Around(string text, int at)
    {
        var start = Math.Max(0, at - Context);
        var end = Math.Min(text.Length, at + Context);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }
}
