using Ledger.Domain.Postings;

namespace Ledger.Domain.Charges;

public enum ChargeOperationKind
{
    Capture,
    Void,
    Refund,
}

/// <summary>
/// The stream a follow-up request (capture, void, refund) starts under its own idempotency key, so
/// that the event store refuses a second one. The money moves on the charge stream in the same
/// transaction; this event only records which operation that was, so it posts nothing.
/// </summary>
public sealed record ChargeOperationRecorded(
    string OperationId,
    string MerchantId,
    string ChargeId,
    ChargeOperationKind Kind,
    DateTimeOffset At) : ILedgerEvent
{
    public IReadOnlyList<Posting> Postings => [];
}

/// <summary>The aggregate type of an operation stream (Marten names streams by type).</summary>
public sealed record ChargeOperation(string Id, string ChargeId, ChargeOperationKind Kind);
