using Npgsql;

namespace Ledger.Tests.Integration;

/// <summary>The plan PostgreSQL would keep for a statement, for tests of plan shapes.</summary>
public static class QueryPlans
{
    /// <summary>
    /// Prepares <paramref name="sql"/> (parameters of <paramref name="types"/>, e.g. "(text)", or
    /// empty), explains one execution with <paramref name="arguments"/> and deallocates it again: a
    /// prepared statement outlives a transaction on PgBouncer's server connection. Which plan
    /// (generic or custom) and its costs are the connection's settings, made by the caller.
    /// </summary>
    public static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql, string types, string? arguments)
    {
        var name = $"plan_{Guid.NewGuid():N}";
        await using var command = new NpgsqlCommand($"prepare {name}{types} as {sql}", connection);
        await command.ExecuteNonQueryAsync();
        command.CommandText = arguments is null ? $"explain execute {name}" : $"explain execute {name}({arguments})";
        var lines = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        command.CommandText = $"deallocate {name}";
        await command.ExecuteNonQueryAsync();
        return string.Join('\n', lines);
    }
}
