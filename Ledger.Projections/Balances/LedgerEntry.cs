namespace Ledger.Projections.Balances;

public enum BalanceKind
{
    Pending,
    Available,
}

/// <summary>One change of one merchant balance by one event: the balance history.</summary>
public sealed class LedgerEntry
{
    /// <summary>"{sequence}:{kind}": an event changes each balance at most once.</summary>
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    public required string Currency { get; init; }

    public required BalanceKind Balance { get; init; }

    /// <summary>Signed change in minor units: credits to the merchant are positive.</summary>
    public required long Amount { get; init; }

    public required long BalanceAfter { get; init; }

    /// <summary>The event's global sequence: the order of the history and its cursor.</summary>
    public required long Sequence { get; init; }

    public required string EventType { get; init; }

    /// <summary>The stream the event belongs to (the charge or payout id).</summary>
    public required string SourceId { get; init; }

    public required DateTimeOffset At { get; init; }
}
