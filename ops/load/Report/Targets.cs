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

    /// <summary>The bounds of the operations this run measured.</summary>
    public static IReadOnlyList<TargetCheck> Check(TallySnapshot measured) =>
    [
        .. from bound in Bounds
           where measured.Operations.TryGetValue(bound.Operation, out var op) && op.Latency.Count > 0
           let p99 = measured.Operations[bound.Operation].Latency.P99
           select new TargetCheck(bound.Operation, p99, bound.BoundMs, p99 <= bound.BoundMs),
    ];
}
