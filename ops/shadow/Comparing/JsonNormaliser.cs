using System.Text.Json.Nodes;

namespace Ledger.Shadow.Comparing;

/// <summary>
/// Applies the JSON rules to a parsed body: values at ignored paths become <see cref="Ignored"/>
/// (the property stays, so presence is still compared), string values go through the replacements.
/// </summary>
internal static class JsonNormaliser
{
    public const string Ignored = "<ignored>";

    public static JsonNode? Normalise(JsonNode? node, Rules rules) => Walk(node, [], rules);

    private static JsonNode? Walk(JsonNode? node, List<string> path, Rules rules)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    path.Add(name);
                    copy[name] = IsIgnored(path, rules) ? JsonValue.Create(Ignored) : Walk(value, path, rules);
                    path.RemoveAt(path.Count - 1);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    path.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    items.Add(IsIgnored(path, rules) ? JsonValue.Create(Ignored) : Walk(array[i], path, rules));
                    path.RemoveAt(path.Count - 1);
                }

                return items;
            case JsonValue value when value.TryGetValue<string>(out var text) && rules.JsonStringReplacements.Count > 0:
                return JsonValue.Create(Replacement.Apply(rules.JsonStringReplacements, text));
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsIgnored(List<string> path, Rules rules) => rules.IgnoredJson.Any(p => p.Matches(path));
}
