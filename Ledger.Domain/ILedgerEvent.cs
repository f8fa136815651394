using Ledger.Domain.Postings;

namespace Ledger.Domain;

/// <summary>Every event of the ledger: it belongs to one merchant and posts balanced double-entry lines.</summary>
public interface ILedgerEvent
{
    string MerchantId { get; }

    DateTimeOffset At { get; }

    /// <summary>Debits equal credits per currency. Empty for events that move no money.</summary>
    IReadOnlyList<Posting> Postings { get; }
}
