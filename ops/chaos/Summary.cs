using System.Text.Json;

namespace Ledger.Chaos;

/// <summary>What the client saw, for ops/chaos/run to judge and tabulate.</summary>
internal sealed record Summary(
    DateTimeOffset Started, int Sent, int Acknowledged, int Refused, int GaveUp, int Retried, int MaxAttempts,
    int ReadBack, int DifferentIdsForOneKey, double LastFailureSeconds, IReadOnlyList<string> RefusedSamples)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static Summary Of(DateTimeOffset started, IReadOnlyList<Outcome> outcomes, int readBack) => new(
        started,
        outcomes.Count,
        outcomes.Count(o => o.ChargeId is not null),
        outcomes.Count(o => o.ChargeId is null && o.Status != 0),
        outcomes.Count(o => o.Status == 0),
        outcomes.Count(o => o.Attempts > 1),
        outcomes.Count == 0 ? 0 : outcomes.Max(o => o.Attempts),
        readBack,
        outcomes.Count(o => o.ChargeIdsSeen.Distinct().Count() > 1),
        outcomes.Max(o => o.LastFailureSeconds) ?? 0,
        [.. outcomes.Where(o => o.ChargeId is null).Take(5).Select(o => $"{o.Key}: {o.LastError}")]);
}
