using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Postings;
using Ledger.Projections.Storage;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Projections.Balances;

/// <summary>
/// Merchant balances and their history, from the postings every event carries. One projection
/// for both, so each history entry's <c>balance_after</c> is exactly the balance it produced.
/// The daemon feeds events in sequence order and commits progress with the documents.
/// </summary>
public sealed class BalanceProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var moves = events.Where(e => e.Data is ILedgerEvent { Postings.Count: > 0 }).ToList();
        if (moves.Count == 0)
        {
            return;
        }

        var ids = moves.SelectMany(e => ((ILedgerEvent)e.Data).Postings
                .Select(p => MerchantBalance.IdFor(((ILedgerEvent)e.Data).MerchantId, p.Amount.Currency)))
            .Distinct()
            .ToArray();
        var balances = (await operations.LoadManyAsync<MerchantBalance>(cancellation, ids)).ToDictionary(b => b.Id);

        var touched = new Dictionary<string, MerchantBalance>();
        var entries = new List<LedgerEntry>();
        foreach (var e in moves)
        {
            var ledgerEvent = (ILedgerEvent)e.Data;
            foreach (var changes in MerchantChanges(ledgerEvent).GroupBy(c => c.Currency))
            {
                var id = MerchantBalance.IdFor(ledgerEvent.MerchantId, changes.Key);
                if (!balances.TryGetValue(id, out var balance))
                {
                    balance = new MerchantBalance { Id = id, MerchantId = ledgerEvent.MerchantId, Currency = changes.Key };
                    balances[id] = balance;
                }

                if (balance.LastSequence >= e.Sequence)
                {
                    continue; // folded in by an earlier run
                }

                foreach (var (currency, kind, amount) in changes)
                {
                    var after = kind == BalanceKind.Pending ? balance.Pending += amount : balance.Available += amount;
                    entries.Add(new LedgerEntry
                    {
                        MerchantId = ledgerEvent.MerchantId,
                        Currency = currency,
                        Balance = kind,
                        Amount = amount,
                        BalanceAfter = after,
                        Sequence = e.Sequence,
                        EventType = e.EventTypeName,
                        SourceId = e.StreamKey ?? "",
                        At = ledgerEvent.At,
                    });
                }

                balance.LastSequence = e.Sequence;
                touched[id] = balance;
            }
        }

        LedgerEntries.Queue(operations, entries);
        foreach (var balance in touched.Values)
        {
            operations.Store(balance);
        }
    }

    /// <summary>The net change an event makes to each of its merchant's balances (credit positive).</summary>
    public static IEnumerable<(string Currency, BalanceKind Kind, long Amount)> MerchantChanges(ILedgerEvent e)
    {
        var pending = Accounts.MerchantPending(e.MerchantId);
        var available = Accounts.MerchantAvailable(e.MerchantId);
        return e.Postings
            .Where(p => p.Account == pending || p.Account == available)
            .GroupBy(p => (p.Amount.Currency, Kind: p.Account == pending ? BalanceKind.Pending : BalanceKind.Available))
            .Select(g => (g.Key.Currency, g.Key.Kind, g.Sum(p => p.Side == PostingSide.Credit ? p.Amount.Minor : -p.Amount.Minor)))
            .Where(change => change.Item3 != 0);
    }
}
