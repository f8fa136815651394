using Ledger.Shadow.Comparing;

namespace Ledger.Shadow.Reporting;

/// <summary>report.json: the run (replay or mirror), its counts and every exchange that differed or failed.</summary>
internal sealed record ReplayReport(
    string Mode,
    string RunId,
    DateTimeOffset StartedAt,
    string Command,
    string Log,
    string Primary,
    string Shadow,
    IReadOnlyList<string> Rules,
    bool Interrupted,
    Counts Summary,
    IReadOnlyDictionary<string, Percentiles> LatencyMs,
    IReadOnlyList<ExchangeReport> Exchanges)
{
    public bool Clean => Summary.Different == 0 && Summary.Errors == 0 && !Interrupted;
}

internal sealed class Counts
{
    public int Requests { get; set; }

    public int Identical { get; set; }

    public int EqualAfterRules { get; set; }

    public int Different { get; set; }

    /// <summary>Exchanges where at least one side failed (transport error or timeout): not compared.</summary>
    public int Errors { get; set; }

    public int ErrorsPrimary { get; set; }

    public int ErrorsShadow { get; set; }

    /// <summary>Compared exchanges whose bodies were the same bytes before any rule.</summary>
    public int RawBodyIdentical { get; set; }
}

/// <param name="Verdict">different or error (identical and equal-after-rules exchanges are only counted).</param>
internal sealed record ExchangeReport(
    long Seq,
    string Request,
    string Verdict,
    int? PrimaryStatus,
    int? ShadowStatus,
    bool? RawBodyIdentical,
    string? PrimaryError,
    string? ShadowError,
    IReadOnlyList<Difference> Differences);

internal sealed record Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles Of(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, 0, 0, 0);
        }

        samples.Sort();
        double At(double q) => Math.Round(samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)], 2);
        return new Percentiles(samples.Count, At(0.50), At(0.99), Math.Round(samples[^1], 2));
    }
}
