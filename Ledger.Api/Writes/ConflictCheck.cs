using Ledger.Projections.Storage;
using Npgsql;

namespace Ledger.Api.Writes;

/// <summary>
/// Which of a set of writes can't commit as things stand: a stream to start or a response id that
/// already exists (<see cref="WriteResult.KeyTaken"/>), or a stream no longer at the expected
/// version (<see cref="WriteResult.StreamMoved"/>). One query for the whole batch.
/// </summary>
public sealed class ConflictCheck(NpgsqlDataSource primary)
{
    private static readonly string Sql = $"""
        select id, version, false from {LedgerStore.Schema}.mt_streams where id = any($1)
        union all
        select id, 0, true from {StoredResponses.TableName} where id = any($2)
        """;

    public async Task<Dictionary<LedgerWrite, WriteResult>> FindAsync(IReadOnlyList<LedgerWrite> writes)
    {
        await using var command = primary.CreateCommand(Sql);
        command.Parameters.AddWithValue(writes.SelectMany(w => w.NewStreams.Select(s => s.StreamId).Concat(w.Appends.Select(a => a.StreamId))).ToArray());
        command.Parameters.AddWithValue(writes.Select(w => w.Response.Id).ToArray());
        var streams = new Dictionary<string, long>(StringComparer.Ordinal);
        var responses = new HashSet<string>(StringComparer.Ordinal);
        await using (var row = await command.ExecuteReaderAsync())
        {
            while (await row.ReadAsync())
            {
                if (row.GetBoolean(2))
                {
                    responses.Add(row.GetString(0));
                }
                else
                {
                    streams[row.GetString(0)] = row.GetInt64(1);
                }
            }
        }

        var conflicts = new Dictionary<LedgerWrite, WriteResult>();
        foreach (var write in writes)
        {
            if (responses.Contains(write.Response.Id) || write.NewStreams.Any(s => streams.ContainsKey(s.StreamId)))
            {
                conflicts[write] = WriteResult.KeyTaken;
            }
            else if (write.Appends.Any(a => streams.GetValueOrDefault(a.StreamId) != a.ExpectedVersion))
            {
                conflicts[write] = WriteResult.StreamMoved;
            }
        }

        return conflicts;
    }
}
