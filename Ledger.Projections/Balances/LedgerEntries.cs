using Ledger.Projections.Storage;
using Marten;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.Balances;

/// <summary>
/// The balance history as a narrow table, not a jsonb document: every charge writes one or two
/// entries, and as documents they were a quarter of a charge's WAL, with a key and an index of
/// their own and an upsert function call per row. Here a batch of entries is one insert, and the
/// key (merchant, sequence, balance) is also the history's only index.
/// </summary>
public static class LedgerEntries
{
    public const string TableName = $"{LedgerStore.Schema}.ledger_entries";

    /// <summary>Created and updated by the migrator with the documents' tables.</summary>
    public static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("merchant_id", "text").NotNull().AsPrimaryKey();
        table.AddColumn("sequence", "bigint").NotNull().AsPrimaryKey();
        table.AddColumn("balance", "text").NotNull().AsPrimaryKey(); // 'pending' or 'available'
        table.AddColumn("currency", "text").NotNull();
        table.AddColumn("amount", "bigint").NotNull();
        table.AddColumn("balance_after", "bigint").NotNull();
        table.AddColumn("event_type", "text").NotNull();
        table.AddColumn("source_id", "text").NotNull();
        table.AddColumn("at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>
    /// Queues one insert of <paramref name="entries"/> in the projection's transaction. An entry
    /// is a fact about one event, so one already there (a batch applied again) is left as it is.
    /// </summary>
    public static void Queue(IDocumentOperations operations, IReadOnlyList<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"""
            insert into {TableName} (merchant_id, sequence, balance, currency, amount, balance_after, event_type, source_id, at)
            select * from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::timestamptz[])
            on conflict do nothing
            """,
            entries.Select(e => e.MerchantId).ToArray(),
            entries.Select(e => e.Sequence).ToArray(),
            entries.Select(e => StoredNames.Of(e.Balance)).ToArray(),
            entries.Select(e => e.Currency).ToArray(),
            entries.Select(e => e.Amount).ToArray(),
            entries.Select(e => e.BalanceAfter).ToArray(),
            entries.Select(e => e.EventType).ToArray(),
            entries.Select(e => e.SourceId).ToArray(),
            entries.Select(e => e.At.ToUniversalTime()).ToArray()); // timestamptz takes UTC offsets only
    }

    /// <summary>The newest entries of a merchant: merchant id, limit.</summary>
    public const string NewestSql =
        $"select row_to_json(e) from {TableName} e where merchant_id = ? order by sequence desc, balance desc limit ?";

    /// <summary>The entries after a cursor, newest first: merchant id, sequence, balance name, limit.</summary>
    public const string AfterSql =
        $"""
        select row_to_json(e) from {TableName} e
        where merchant_id = ? and (sequence, balance) < (?, ?) order by sequence desc, balance desc limit ?
        """;

    /// <summary>A database from before this table kept the entries as Marten documents: moves them here.</summary>
    public static Task MoveDocumentsAsync(string directConnectionString, CancellationToken ct) =>
        DocumentTables.MoveAsync(directConnectionString, Documents,
            $"""
            insert into {TableName} (merchant_id, sequence, balance, currency, amount, balance_after, event_type, source_id, at)
            select data ->> 'merchant_id', (data ->> 'sequence')::bigint, data ->> 'balance', data ->> 'currency',
                   (data ->> 'amount')::bigint, (data ->> 'balance_after')::bigint, data ->> 'event_type',
                   data ->> 'source_id', (data ->> 'at')::timestamptz
            from {Documents}
            on conflict do nothing
            """, ct);

    private const string Documents = $"{LedgerStore.Schema}.mt_doc_ledgerentry";
}
