using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Marten;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.Charges;

/// <summary>
/// Charge views in a table of our own rather than Marten documents: a batch of views is one
/// upsert instead of a PL/pgSQL function call and a jsonb parse per charge. The body is the
/// <see cref="Charge"/> as Marten's serializer writes it (the shape the documents had, exact to
/// the tick); the columns beside it are what the listing and the status mix filter and sort on.
/// </summary>
public static class ChargeViews
{
    public const string TableName = $"{LedgerStore.Schema}.charge_views";

    /// <summary>Created and updated by the migrator with the documents' tables.</summary>
    public static Table Table()
    {
        var table = new Table(TableName);
        table.AddColumn("id", "text").NotNull().AsPrimaryKey();
        table.AddColumn("merchant_id", "text").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn("status", "text").NotNull();
        // The stream version folded in, so a batch applied twice folds nothing twice.
        table.AddColumn("version", "bigint").NotNull();
        table.AddColumn("body", "text").NotNull();
        // Listing is newest first by (created_at, id) per merchant: keyset pagination on an index.
        table.Indexes.Add(new IndexDefinition("charge_views_listing") { Columns = ["merchant_id", "created_at", "id"] });
        return table;
    }

    /// <summary>A view as stored: the charge and the stream version it includes.</summary>
    public sealed record Stored(long Version, Charge Charge);

    /// <summary>The views, with their versions, of those of <paramref name="ids"/> that have one.</summary>
    public static Task<IReadOnlyList<Stored>> LoadStoredAsync(IQuerySession session, string[] ids, CancellationToken ct) =>
        session.AdvancedSql.QueryAsync<Stored>(
            $"select json_build_object('version', version, 'charge', body::json) from {TableName} where id = any(?)", ct, [ids]);

    /// <summary>The charge's view, or null.</summary>
    public static async Task<Charge?> LoadAsync(IQuerySession session, string id, CancellationToken ct) =>
        (await session.AdvancedSql.QueryAsync<Charge>($"select body from {TableName} where id = ?", ct, id)).SingleOrDefault();

    /// <summary>The views of those of <paramref name="ids"/> that have one.</summary>
    public static Task<IReadOnlyList<Charge>> LoadManyAsync(IQuerySession session, string[] ids, CancellationToken ct) =>
        session.AdvancedSql.QueryAsync<Charge>($"select body from {TableName} where id = any(?)", ct, [ids]);

    /// <summary>
    /// Queues one upsert of <paramref name="views"/> in the projection's transaction. A view is
    /// only ever replaced by a later version: a batch read again that starts a charge folds it
    /// from its first event, and must not take back what later batches added.
    /// </summary>
    public static void Queue(IDocumentOperations operations, IReadOnlyCollection<Stored> views)
    {
        if (views.Count == 0)
        {
            return;
        }

        var serializer = operations.DocumentStore.Options.Serializer();
        operations.QueueSqlCommand(
            $"""
            insert into {TableName} (id, merchant_id, created_at, status, version, body)
            select * from unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::text[])
            on conflict (id) do update set status = excluded.status, version = excluded.version, body = excluded.body
                where {TableName}.version < excluded.version
            """,
            views.Select(v => v.Charge.Id).ToArray(),
            views.Select(v => v.Charge.MerchantId).ToArray(),
            views.Select(v => v.Charge.CreatedAt.ToUniversalTime()).ToArray(), // timestamptz takes UTC offsets only
            views.Select(v => StoredNames.Of(v.Charge.Status)).ToArray(),
            views.Select(v => v.Version).ToArray(),
            views.Select(v => serializer.ToJson(v.Charge)).ToArray());
    }

    /// <summary>
    /// A database from before this table kept the views as Marten documents: moves them here, each
    /// with the version of its stream's newest event the read models had folded (the composite's
    /// row, or before the composite the charges' own). Documents without a merchant are left out:
    /// the old projection made empty ones for refund operation streams, which nothing could read.
    /// </summary>
    public static Task MoveDocumentsAsync(string directConnectionString, CancellationToken ct) =>
        DocumentTables.MoveAsync(directConnectionString, Documents,
            $"""
            insert into {TableName} (id, merchant_id, created_at, status, version, body)
            select d.id, d.data ->> 'merchant_id', {CreatedAtAsWritten}, d.data ->> 'status',
                   (select coalesce(max(e.version), 0) from {LedgerStore.Schema}.mt_events e
                    where e.stream_id = d.id and e.seq_id <= coalesce(
                        (select last_seq_id from {Progression} where name = '{ProjectionNames.ProgressionRow(ProjectionNames.ReadModels)}'),
                        (select last_seq_id from {Progression} where name = '{ProjectionNames.ProgressionRow(ProjectionNames.Charges)}'),
                        0)),
                   d.data::text
            from {Documents} d
            where d.data ->> 'merchant_id' is not null
            on conflict do nothing
            """, ct);

    private const string Documents = $"{LedgerStore.Schema}.mt_doc_charge";

    // The document's time has ticks below a microsecond. Npgsql truncates them when it writes a
    // view or sends a listing cursor; a plain cast would round, and could put a moved charge
    // 1 µs after its own cursor, out of the page after it.
    private const string CreatedAtAsWritten = @"regexp_replace(d.data ->> 'created_at', '(\.\d{6})\d+', '\1')::timestamptz";

    private const string Progression = $"{LedgerStore.Schema}.mt_event_progression";
}
