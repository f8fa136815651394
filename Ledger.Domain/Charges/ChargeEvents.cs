using Ledger.Domain.Amounts;
using Ledger.Domain.Postings;

namespace Ledger.Domain.Charges;

// The events of a charge stream. Each one posts balanced lines; ids and times come from the caller.

/// <summary>Funds held on the cardholder: clearing owes them, the merchant's pending account holds them.</summary>
public sealed record ChargeAuthorized(
    string ChargeId,
    string MerchantId,
    Money Amount,
    string? Description,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset At,
    IReadOnlyList<Posting> Postings) : ILedgerEvent;

/// <summary>
/// Captured funds move from pending to available; on a partial capture the rest
/// (<see cref="Released"/>) goes back to clearing.
/// </summary>
public sealed record ChargeCaptured(
    string ChargeId,
    string MerchantId,
    Money Amount,
    Money Released,
    string OperationId,
    DateTimeOffset At,
    IReadOnlyList<Posting> Postings) : ILedgerEvent;

public enum VoidReason
{
    Duplicate,
    Fraudulent,
    RequestedByCustomer,
    Abandoned,
}

/// <summary>The whole authorization goes back from pending to clearing.</summary>
public sealed record ChargeVoided(
    string ChargeId,
    string MerchantId,
    Money Released,
    VoidReason? Reason,
    string OperationId,
    DateTimeOffset At,
    IReadOnlyList<Posting> Postings) : ILedgerEvent;

/// <summary>Money leaves the merchant's available balance back through clearing.</summary>
public sealed record ChargeRefunded(
    string ChargeId,
    string MerchantId,
    string RefundId,
    Money Amount,
    DateTimeOffset At,
    IReadOnlyList<Posting> Postings) : ILedgerEvent;
