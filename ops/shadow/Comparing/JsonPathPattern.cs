using System.Text.RegularExpressions;

namespace Ledger.Shadow.Comparing;

/// <summary>
/// Which JSON values a rule applies to. Segments are separated by dots; <c>*</c> (or <c>[*]</c>)
/// matches one property name or array index, <c>**</c> any number of segments, <c>[2]</c> index 2.
/// A pattern that starts with <c>$</c> is anchored at the root (<c>$.id</c>: only the top-level id);
/// any other pattern matches the end of a path (<c>id</c>: every property named id, at any depth;
/// <c>refunds.*.charge</c>: the charge of every refund).
/// </summary>
internal sealed partial class JsonPathPattern
{
    private const string AnyOne = "*";
    private const string AnyMany = "**";
    private readonly string[] _segments;

    private JsonPathPattern(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static JsonPathPattern Parse(string text)
    {
        var body = text.Trim();
        var anchored = body.StartsWith('$');
        if (anchored)
        {
            body = body[1..].TrimStart('.');
        }

        body = Brackets().Replace(body, m => "." + m.Groups[1].Value);
        var segments = body.Split('.', StringSplitOptions.TrimEntries);
        if (body.Length == 0 || segments.Any(s => s.Length == 0))
        {
            throw new FormatException($"\"{text}\" is not a JSON path pattern (e.g. created, refunds.*.id, $.data[*].id)");
        }

        return new JsonPathPattern(text, anchored ? segments : [AnyMany, .. segments]);
    }

    /// <summary>Whether the path (property names and array indices from the root) is one this pattern names.</summary>
    public bool Matches(IReadOnlyList<string> path) => Match(0, path, 0);

    public override string ToString() => Text;

    private bool Match(int p, IReadOnlyList<string> path, int i)
    {
        if (p == _segments.Length)
        {
            return i == path.Count;
        }

        if (_segments[p] == AnyMany)
        {
            for (var skip = i; skip <= path.Count; skip++)
            {
                if (Match(p + 1, path, skip))
                {
                    return true;
                }
            }

            return false;
        }

        return i < path.Count && (_segments[p] == AnyOne || _segments[p] == path[i]) && Match(p + 1, path, i + 1);
    }

    // [*] and [3] become segments of their own: data[*].id → data.*.id
    [GeneratedRegex(@"\[(\*|\d+)\]")]
    private static partial Regex Brackets();
}
