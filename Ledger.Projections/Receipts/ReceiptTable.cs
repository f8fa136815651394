using Ledger.Domain.Amounts;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.Receipts;

/// <summary>
/// Receipts as a narrow table rather than jsonb documents: the subscription writes a page of them
/// in one statement, and only receipts still pending sit in the dispatcher's index (most are
/// delivered on the first attempt and never looked up again).
/// </summary>
public static class ReceiptTable
{
    public const string TableName = $"{LedgerStore.Schema}.receipts";

    private const string Columns =
        "id, merchant_id, charge_id, kind, amount, currency, occurred_at, status, attempts, next_attempt_at, delivered_at, last_error";

    /// <summary>Created and updated by the migrator with the documents' tables.</summary>
    public static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("id", "text").NotNull().AsPrimaryKey();
        table.AddColumn("merchant_id", "text").NotNull();
        table.AddColumn("charge_id", "text").NotNull();
        table.AddColumn("kind", "text").NotNull();
        table.AddColumn("amount", "bigint").NotNull();
        table.AddColumn("currency", "text").NotNull();
        table.AddColumn("occurred_at", "timestamptz").NotNull();
        table.AddColumn("status", "text").NotNull();
        table.AddColumn("attempts", "integer").NotNull();
        table.AddColumn("next_attempt_at", "timestamptz").NotNull();
        table.AddColumn("delivered_at", "timestamptz");
        table.AddColumn("last_error", "text");
        // The dispatcher asks for pending receipts that are due, oldest first.
        table.Indexes.Add(new IndexDefinition("receipts_pending_due") { Columns = ["next_attempt_at"], Predicate = "status = 'pending'" });
        return table;
    }

    /// <summary>
    /// Queues one upsert of <paramref name="receipts"/>: a receipt recorded again (a page read
    /// twice, or an attempt made by the dispatcher) replaces its delivery state, never doubles.
    /// </summary>
    public static void Queue(IDocumentOperations operations, IReadOnlyList<Receipt> receipts)
    {
        if (receipts.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"""
            insert into {TableName} ({Columns})
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[],
                                 ?::text[], ?::integer[], ?::timestamptz[], ?::timestamptz[], ?::text[])
            on conflict (id) do update set status = excluded.status, attempts = excluded.attempts,
                next_attempt_at = excluded.next_attempt_at, delivered_at = excluded.delivered_at, last_error = excluded.last_error
            """,
            receipts.Select(r => r.Id).ToArray(),
            receipts.Select(r => r.MerchantId).ToArray(),
            receipts.Select(r => r.ChargeId).ToArray(),
            receipts.Select(r => r.Kind).ToArray(),
            receipts.Select(r => r.Amount.Minor).ToArray(),
            receipts.Select(r => r.Amount.Currency).ToArray(),
            receipts.Select(r => r.OccurredAt.ToUniversalTime()).ToArray(), // timestamptz takes UTC offsets only
            receipts.Select(r => StoredNames.Of(r.Status)).ToArray(),
            receipts.Select(r => r.Attempts).ToArray(),
            receipts.Select(r => r.NextAttemptAt.ToUniversalTime()).ToArray(),
            receipts.Select(r => r.DeliveredAt?.ToUniversalTime()).ToArray(),
            receipts.Select(r => r.LastError).ToArray());
    }

    /// <summary>Pending receipts due at <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static async Task<List<Receipt>> DueAsync(NpgsqlDataSource direct, DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var command = direct.CreateCommand(
            $"select {Columns} from {TableName} where status = 'pending' and next_attempt_at <= $1 order by next_attempt_at limit $2");
        command.Parameters.AddWithValue(now.ToUniversalTime());
        command.Parameters.AddWithValue(limit);
        await using var row = await command.ExecuteReaderAsync(ct);
        var due = new List<Receipt>();
        while (await row.ReadAsync(ct))
        {
            due.Add(new Receipt
            {
                Id = row.GetString(0),
                MerchantId = row.GetString(1),
                ChargeId = row.GetString(2),
                Kind = row.GetString(3),
                Amount = new Money(row.GetInt64(4), row.GetString(5)),
                OccurredAt = row.GetFieldValue<DateTimeOffset>(6),
                Status = ReceiptStatus.Pending, // all the query asks for
                Attempts = row.GetInt32(8),
                NextAttemptAt = row.GetFieldValue<DateTimeOffset>(9),
                DeliveredAt = row.IsDBNull(10) ? null : row.GetFieldValue<DateTimeOffset>(10),
                LastError = row.IsDBNull(11) ? null : row.GetString(11),
            });
        }

        return due;
    }

    /// <summary>A database from before this table kept receipts as Marten documents: moves them here.</summary>
    public static Task MoveDocumentsAsync(string directConnectionString, CancellationToken ct) =>
        DocumentTables.MoveAsync(directConnectionString, Documents,
            $"""
            insert into {TableName} ({Columns})
            select id, data ->> 'merchant_id', data ->> 'charge_id', data ->> 'kind', (data -> 'amount' ->> 'minor')::bigint,
                   data -> 'amount' ->> 'currency', (data ->> 'occurred_at')::timestamptz, data ->> 'status',
                   (data ->> 'attempts')::integer, (data ->> 'next_attempt_at')::timestamptz,
                   (data ->> 'delivered_at')::timestamptz, data ->> 'last_error'
            from {Documents}
            on conflict do nothing
            """, ct);

    private const string Documents = $"{LedgerStore.Schema}.mt_doc_receipt";
}
