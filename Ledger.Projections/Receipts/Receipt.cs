using Ledger.Domain.Amounts;

namespace Ledger.Projections.Receipts;

public enum ReceiptStatus
{
    Pending,
    Delivered,

    /// <summary>Gave up after <see cref="ReceiptOptions.MaxAttempts"/>: left for an operator, never retried by itself.</summary>
    Failed,
}

/// <summary>
/// A receipt owed to a merchant for money that moved (a capture or a refund). Made and first sent
/// by the worker from the committed event (<see cref="ReceiptSubscription"/>), retried by
/// <see cref="ReceiptDispatcher"/>: a slow or broken receiver delays receipts, never a charge.
/// </summary>
public sealed class Receipt
{
    /// <summary>"rc_" and the event's id: one receipt per event, however often the event is read.</summary>
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    public required string ChargeId { get; init; }

    /// <summary>"capture" or "refund".</summary>
    public required string Kind { get; init; }

    public required Money Amount { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public ReceiptStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}
