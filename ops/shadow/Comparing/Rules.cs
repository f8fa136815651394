using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Ledger.Shadow.Comparing;

/// <summary>
/// What may differ between primary and shadow without counting as a difference. An ignored JSON
/// field or header-value still has to be present on both sides or on neither: only its value is
/// ignored. A header in <see cref="IgnoredHeaders"/> is not compared at all.
/// </summary>
internal sealed record Rules(
    IReadOnlyList<JsonPathPattern> IgnoredJson,
    IReadOnlyList<Replacement> JsonStringReplacements,
    IReadOnlyList<Replacement> TextReplacements,
    IReadOnlySet<string> IgnoredHeaders,
    IReadOnlySet<string> IgnoredHeaderValues)
{
    /// <summary>Framing, not content: the body is compared directly, and these differ on every call.</summary>
    public static readonly IReadOnlySet<string> TransportHeaders = new HashSet<string>(
        ["Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Date", "Server"], StringComparer.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a misspelt rule must not silently do nothing
    };

    public static Rules None { get; } = new([], [], [], Headers([]), Headers([]));

    public static Rules Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"rules file {path} does not exist");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static Rules Parse(string json, string source)
    {
        RulesFile file;
        try
        {
            file = JsonSerializer.Deserialize<RulesFile>(json, FileJson) ?? new RulesFile();
        }
        catch (JsonException e)
        {
            throw new FormatException($"rules file {source}: {e.Message}");
        }

        try
        {
            return new Rules(
                [.. (file.Json?.Ignore ?? []).Select(JsonPathPattern.Parse)],
                [.. (file.Json?.Replace ?? []).Select(Replacement.Of)],
                [.. (file.Text?.Replace ?? []).Select(Replacement.Of)],
                Headers(file.Headers?.Ignore ?? []),
                Headers(file.Headers?.IgnoreValue ?? []));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"rules file {source}: {e.Message}");
        }
    }

    /// <summary>Both sets of rules at once: a base file plus a few additions for one comparison.</summary>
    public Rules With(Rules more) => new(
        [.. IgnoredJson, .. more.IgnoredJson],
        [.. JsonStringReplacements, .. more.JsonStringReplacements],
        [.. TextReplacements, .. more.TextReplacements],
        Headers([.. IgnoredHeaders, .. more.IgnoredHeaders]),
        Headers([.. IgnoredHeaderValues, .. more.IgnoredHeaderValues]));

    private static HashSet<string> Headers(IEnumerable<string> names) => new(names, StringComparer.OrdinalIgnoreCase);

    private sealed record RulesFile(string? Description = null, JsonRules? Json = null, TextRules? Text = null, HeaderRules? Headers = null);

    private sealed record JsonRules(IReadOnlyList<string>? Ignore = null, IReadOnlyList<ReplacementRule>? Replace = null);

    private sealed record TextRules(IReadOnlyList<ReplacementRule>? Replace = null);

    private sealed record HeaderRules(IReadOnlyList<string>? Ignore = null, IReadOnlyList<string>? IgnoreValue = null);

    internal sealed record ReplacementRule(string Pattern, string Replacement);
}

/// <summary>A regular expression and what its matches become, e.g. ch_[0-9a-z]{26} → ch_&lt;id&gt;.</summary>
internal sealed record Replacement(Regex Pattern, string With)
{
    public static Replacement Of(Rules.ReplacementRule rule) =>
        rule.Pattern is { Length: > 0 }
            ? new(new Regex(rule.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), rule.Replacement ?? "")
            : throw new FormatException("a replace rule needs a pattern");

    public static string Apply(IReadOnlyList<Replacement> replacements, string text) =>
        replacements.Aggregate(text, (t, r) => r.Pattern.Replace(t, r.With));
}
