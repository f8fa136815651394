namespace Ledger.Projections.Balances;

public enum BalanceKind
{
    Pending,
    Available,
}

/// <summary>
/// One change of one merchant balance by one event: the balance history. A row of
/// <see cref="LedgerEntries"/>, read back through <c>row_to_json</c>, so the property names are
/// its column names in snake_case.
/// </summary>
public sealed class LedgerEntry
{
    public required string MerchantId { get; init; }

    /// <summary>The event's global sequence: the order of the history and, with the balance, its key.</summary>
    public required long Sequence { get; init; }

    /// <summary>An event changes each balance at most once.</summary>
    public required BalanceKind Balance { get; init; }

    public required string Currency { get; init; }

    /// <summary>Signed change in minor units: credits to the merchant are positive.</summary>
    public required long Amount { get; init; }

    public required long BalanceAfter { get; init; }

    public required string EventType { get; init; }

    /// <summary>The stream the event belongs to (the charge or payout id).</summary>
    public required string SourceId { get; init; }

    public required DateTimeOffset At { get; init; }
}
