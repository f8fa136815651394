using Ledger.Projections.Charges;
using Npgsql;

namespace Ledger.Projections.Storage;

/// <summary>
/// A database from before the composite has a progress row per read model and none for the
/// composite, which would then start again from the first event. Start it where its members are.
/// </summary>
public static class CompositeProgress
{
    /// <summary>
    /// Sets the composite's row to its slowest member's position (a missing member counts as 0).
    /// Members ahead of that see some events twice: balances and volume skip what they already
    /// folded, but the charge view would fold a refund twice, so it must not be ahead.
    /// </summary>
    public static async Task StartWhereMembersAreAsync(string directConnectionString, CancellationToken ct,
        string schema = LedgerStore.Schema)
    {
        await using var connection = new NpgsqlConnection(directConnectionString);
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand(
            $"""
            select exists (select 1 from {schema}.mt_event_progression where name = @composite),
                   count(*), coalesce(min(last_seq_id), 0),
                   coalesce(max(last_seq_id) filter (where name = @charges), 0)
            from {schema}.mt_event_progression where name = any(@members)
            """, connection);
        read.Parameters.AddWithValue("composite", ProjectionNames.ProgressionRow(ProjectionNames.ReadModels));
        read.Parameters.AddWithValue("charges", ProjectionNames.ProgressionRow(ProjectionNames.Charges));
        read.Parameters.AddWithValue("members", ProjectionNames.ProgressionRows.ToArray());
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (started, members) = (reader.GetBoolean(0), reader.GetInt64(1));
        var start = members == ProjectionNames.ProgressionRows.Count ? reader.GetInt64(2) : 0;
        var charges = reader.GetInt64(3);
        await reader.CloseAsync();
        if (started || members == 0)
        {
            return; // already a composite, or a new database: everything starts together
        }

        if (charges > start)
        {
            throw new InvalidOperationException(
                $"{nameof(ChargeViewProjection)} is at event {charges} but another read model is at {start}: " +
                "run the previous worker until its projections agree (mt_event_progression), then migrate again.");
        }

        await using var insert = new NpgsqlCommand(
            $"insert into {schema}.mt_event_progression (name, last_seq_id, last_updated) values (@name, @start, now())",
            connection);
        insert.Parameters.AddWithValue("name", ProjectionNames.ProgressionRow(ProjectionNames.ReadModels));
        insert.Parameters.AddWithValue("start", start);
        await insert.ExecuteNonQueryAsync(ct);
    }
}
