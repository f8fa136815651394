namespace Ledger.Shadow.Comparing;

internal enum Verdict
{
    /// <summary>Same status, same body bytes, same headers: no rule was needed.</summary>
    Identical,

    /// <summary>Equal once the rules have normalised ids, timestamps, tokens (or JSON formatting).</summary>
    EqualAfterRules,

    Different,
}

/// <summary>What differs: kind status, header or body; path a JSON path ($.data[0].amount), a header name or a text offset.</summary>
/// <param name="Primary">The primary's value (JSON text for JSON values); null when it is absent there.</param>
/// <param name="Shadow">The shadow's value; null when it is absent there.</param>
internal sealed record Difference(string Kind, string Path, string? Primary, string? Shadow);

/// <param name="RawBodyIdentical">The two bodies were the same bytes before any rule.</param>
internal sealed record Comparison(Verdict Verdict, bool RawBodyIdentical, IReadOnlyList<Difference> Differences);
