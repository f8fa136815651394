using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.Storage;

/// <summary>
/// Every POST's answer, kept forever, in a narrow table rather than as a jsonb document: the body
/// is already JSON, and as a document it was escaped into a string inside another, parsed by
/// PostgreSQL on every charge and written out again as 14% of a charge's WAL.
/// </summary>
public static class StoredResponses
{
    public const string TableName = $"{LedgerStore.Schema}.stored_responses";

    /// <summary>Created and updated by the migrator with the documents' tables.</summary>
    public static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("id", "text").NotNull().AsPrimaryKey();
        table.AddColumn("merchant_id", "text").NotNull();
        table.AddColumn("fingerprint", "text").NotNull();
        table.AddColumn("status_code", "integer").NotNull();
        table.AddColumn("body", "text").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>
    /// Queues one insert of a group commit's responses in its transaction (a statement per answer
    /// cost more than its row). Each id is an idempotency key's: an answer under a used key is a
    /// unique violation, and the whole transaction fails.
    /// </summary>
    public static void Stage(IDocumentSession session, IReadOnlyList<StoredResponse> responses) =>
        session.QueueSqlCommand(
            $"""
            insert into {TableName} (id, merchant_id, fingerprint, status_code, body, created_at)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::integer[], ?::text[], ?::timestamptz[])
            """,
            responses.Select(r => r.Id).ToArray(),
            responses.Select(r => r.MerchantId).ToArray(),
            responses.Select(r => r.Fingerprint).ToArray(),
            responses.Select(r => r.StatusCode).ToArray(),
            responses.Select(r => r.Body).ToArray(),
            responses.Select(r => r.CreatedAt.ToUniversalTime()).ToArray()); // timestamptz takes UTC offsets only

    /// <summary>
    /// The stored answer under <paramref name="id"/>, with the newest event sequence handed out
    /// (the answer's own is not kept; that one is at least as new), in one round trip.
    /// </summary>
    public static async Task<(StoredResponse Response, long Sequence)?> LoadAsync(NpgsqlDataSource primary, string id)
    {
        await using var command = primary.CreateCommand(
            $"""
            select id, merchant_id, fingerprint, status_code, body, created_at,
                   (select last_value from {LedgerStore.Schema}.mt_events_sequence)
            from {TableName} where id = $1
            """);
        command.Parameters.AddWithValue(id);
        await using var row = await command.ExecuteReaderAsync();
        if (!await row.ReadAsync())
        {
            return null;
        }

        return (new StoredResponse
        {
            Id = row.GetString(0),
            MerchantId = row.GetString(1),
            Fingerprint = row.GetString(2),
            StatusCode = row.GetInt32(3),
            Body = row.GetString(4),
            CreatedAt = row.GetFieldValue<DateTimeOffset>(5),
        }, row.GetInt64(6));
    }

    /// <summary>A database from before this table kept the answers as Marten documents: moves them here.</summary>
    public static Task MoveDocumentsAsync(string directConnectionString, CancellationToken ct) =>
        DocumentTables.MoveAsync(directConnectionString, Documents,
            $"""
            insert into {TableName} (id, merchant_id, fingerprint, status_code, body, created_at)
            select id, data ->> 'merchant_id', data ->> 'fingerprint', (data ->> 'status_code')::integer,
                   data ->> 'body', (data ->> 'created_at')::timestamptz
            from {Documents}
            on conflict do nothing
            """, ct);

    private const string Documents = $"{LedgerStore.Schema}.mt_doc_storedresponse";
}
