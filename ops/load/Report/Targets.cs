using Ledger.Load.Stats;

namespace Ledger.Load.Report;

/// <summary>One operation's measured p99 against the p99 bound the scale issue sets for it.</summary>
internal sealed record TargetCheck(string Operation, double P99Ms, double BoundMs, bool Met);

/// <summary>
/// The latency half of the scale targets: charges at p99 ≤ 80 ms, reads without a token at p99
/// ≤ 20 ms. Reported; they decide PASS only with --require-targets (a slow run is a measurement).
/// </summary>
internal static class Targets
{
    private static readonly (string Operation, double BoundMs)[] Bounds =
        [("charge", 80), ("get_charge", 20), ("balance", 20), ("list", 20)];

    public static IReadOnlyList<TargetCheck> Check(TallySnapshot measured) =>
    [
        .. Bounds
            .Where(b => measured.Operations.TryGetValue(b.Operation, out var op) && op.Latency.Count > 0)
            .Select(b => (b.Operation, b.BoundMs, P99: measured.Operations[b.Operation].Latency.P99))
            .Select(b => new TargetCheck(b.Operation, b.P99, b.BoundMs, b.P99 <= b.BoundMs)),
    ];
}
