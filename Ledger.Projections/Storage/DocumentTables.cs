using Npgsql;

namespace Ledger.Projections.Storage;

/// <summary>Moving what used to be Marten documents into narrow tables of our own.</summary>
public static class DocumentTables
{
    /// <summary>
    /// Runs <paramref name="copyRows"/> (an insert selecting from <paramref name="documents"/>) and
    /// drops <paramref name="documents"/>, in one transaction, if that table is still there: a
    /// database from before the narrow table. Afterwards there is nothing to do.
    /// </summary>
    public static async Task MoveAsync(string directConnectionString, string documents, string copyRows, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(directConnectionString);
        await connection.OpenAsync(ct);
        await using var move = new NpgsqlCommand(
            $$"""
            do $$
            begin
              if to_regclass('{{documents}}') is null then
                return;
              end if;
              {{copyRows}};
              drop table {{documents}};
            end $$
            """, connection);
        await move.ExecuteNonQueryAsync(ct);
    }
}
