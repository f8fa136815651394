using Ledger.Domain.Postings;
using Ledger.Projections.Balances;
using Ledger.Projections.Storage;
using Npgsql;

namespace Ledger.Api.Payouts;

/// <summary>
/// A merchant's available balance as of now, not as of the read model: the balance projection's
/// figure plus every committed posting it has not folded in yet, read on the primary in one
/// statement (one snapshot: the daemon commits the balance and its progress together).
/// </summary>
public sealed class AvailableBalance(NpgsqlDataSource primary)
{
    private static readonly string Sql = $"""
        select (coalesce((select (data ->> 'available')::bigint from {LedgerStore.Schema}.mt_doc_merchantbalance where id = $1), 0)
             + coalesce((select sum(case p ->> 'side' when 'credit' then (p -> 'amount' ->> 'minor')::bigint
                                                     else -(p -> 'amount' ->> 'minor')::bigint end)
                         from {LedgerStore.Schema}.mt_events e
                         cross join lateral jsonb_array_elements(e.data -> 'postings') p
                         where e.seq_id > coalesce((select last_seq_id from {LedgerStore.Schema}.mt_event_progression
                                                    where name = '{ProjectionNames.ProgressionRow(ProjectionNames.Balances)}'), 0)
                           and e.data ->> 'merchant_id' = $2
                           and p ->> 'account' = $3
                           and p -> 'amount' ->> 'currency' = $4), 0))::bigint
        """;

    public async Task<long> ReadAsync(string merchantId, string currency, CancellationToken ct)
    {
        await using var command = primary.CreateCommand(Sql);
        command.Parameters.AddWithValue(MerchantBalance.IdFor(merchantId, currency));
        command.Parameters.AddWithValue(merchantId);
        command.Parameters.AddWithValue(Accounts.MerchantAvailable(merchantId));
        command.Parameters.AddWithValue(currency);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }
}
