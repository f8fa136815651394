using Ledger.Domain.Amounts;
using Ledger.Domain.Postings;

namespace Ledger.Domain.Payouts;

/// <summary>Money leaves the merchant's available balance for their bank account.</summary>
public sealed record PayoutPaid(
    string PayoutId,
    string MerchantId,
    Money Amount,
    DateTimeOffset At,
    IReadOnlyList<Posting> Postings) : ILedgerEvent;

/// <summary>
/// A payout refused for insufficient funds. Recorded (it moves no money) so that a retry under the
/// same key is refused the same way, even if funds arrived since.
/// </summary>
public sealed record PayoutRefused(
    string PayoutId,
    string MerchantId,
    Money Amount,
    Money Available,
    DateTimeOffset At) : ILedgerEvent
{
    public IReadOnlyList<Posting> Postings => [];
}

/// <summary>
/// Orders the payouts of one merchant in one currency: each paid payout also appends here at the
/// version it read, so two payouts can never both spend the same funds. Moves no money.
/// </summary>
public sealed record PayoutSequenced(string PayoutId, string MerchantId, Money Amount, DateTimeOffset At) : ILedgerEvent
{
    public IReadOnlyList<Posting> Postings => [];
}

/// <summary>Stream types (Marten names streams by aggregate type).</summary>
public sealed record Payout(string Id, string MerchantId, Money Amount);

public sealed record PayoutLane(string Id);
