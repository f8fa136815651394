using System.Text.Json.Nodes;

namespace Ledger.Tests.Integration.Docs;

/// <summary>Reads the hand-written OpenAPI document, following its local <c>$ref</c>s.</summary>
public sealed class OpenApiDocument(JsonNode root)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    public JsonNode Root => root;

    public static OpenApiDocument Parse(byte[] json) =>
        new(JsonNode.Parse(json) ?? throw new InvalidOperationException("the document is JSON null"));

    /// <summary>Every operation as (method, path, operation), method in lower case.</summary>
    public IEnumerable<(string Method, string Path, JsonObject Operation)> Operations() =>
        from path in root["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (method.Key, path.Key, method.Value!.AsObject());

    /// <summary>The object itself, or the one its <c>$ref</c> ("#/components/...") points at.</summary>
    public JsonObject Resolve(JsonNode node)
    {
        var target = node.AsObject();
        for (var hops = 0; target["$ref"] is { } pointer; hops++)
        {
            if (hops > 10)
            {
                throw new InvalidOperationException($"$ref cycle at {pointer}");
            }

            JsonNode? next = root;
            foreach (var segment in pointer.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                next = next?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            target = next?.AsObject() ?? throw new InvalidOperationException($"$ref {pointer} points at nothing");
        }

        return target;
    }

    /// <summary>The example values of one media type: its <c>example</c> and every entry of <c>examples</c>.</summary>
    public IEnumerable<JsonNode?> Examples(JsonObject mediaType)
    {
        if (mediaType.TryGetPropertyValue("example", out var single))
        {
            yield return single;
        }

        foreach (var (_, example) in mediaType["examples"]?.AsObject() ?? [])
        {
            yield return Resolve(example!)["value"];
        }
    }
}
