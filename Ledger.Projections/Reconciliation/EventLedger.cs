using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Domain.Postings;

namespace Ledger.Projections.Reconciliation;

/// <summary>
/// Everything the events say, recomputed from scratch with the domain's own code: postings per
/// currency, each merchant's pending and available balance, and each charge re-folded.
/// </summary>
public sealed class EventLedger
{
    public Dictionary<string, (long Debits, long Credits)> TotalsByCurrency { get; } = new(StringComparer.Ordinal);

    /// <summary>Net credit per (merchant account, currency), e.g. ("merchant:acme:available", "USD").</summary>
    public Dictionary<(string Account, string Currency), long> NetByAccount { get; } = [];

    public Dictionary<string, Charge> Charges { get; } = new(StringComparer.Ordinal);

    /// <summary>How many events of each stream were folded: the stream has not moved on when its version equals this.</summary>
    public Dictionary<string, long> EventsByStream { get; } = new(StringComparer.Ordinal);

    public long Events { get; private set; }

    public void Add(string streamId, ILedgerEvent e)
    {
        Events++;
        EventsByStream[streamId] = EventsByStream.GetValueOrDefault(streamId) + 1;
        foreach (var posting in e.Postings)
        {
            var currency = posting.Amount.Currency;
            var (debits, credits) = TotalsByCurrency.GetValueOrDefault(currency);
            var signed = posting.Side == PostingSide.Credit ? posting.Amount.Minor : -posting.Amount.Minor;
            TotalsByCurrency[currency] = posting.Side == PostingSide.Debit
                ? (checked(debits + posting.Amount.Minor), credits)
                : (debits, checked(credits + posting.Amount.Minor));
            if (posting.Account.StartsWith("merchant:", StringComparison.Ordinal))
            {
                var key = (posting.Account, currency);
                NetByAccount[key] = checked(NetByAccount.GetValueOrDefault(key) + signed);
            }
        }

        if (e is ChargeAuthorized authorized)
        {
            Charges[streamId] = Charge.Create(authorized);
        }
        else if (Charges.TryGetValue(streamId, out var charge))
        {
            Charges[streamId] = charge.Apply(e);
        }
    }
}
