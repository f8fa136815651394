using Ledger.Api.Idempotency;
using Npgsql;

namespace Ledger.Tests.Integration;

/// <summary>Reads straight from the primary what a request left behind: the proof of "nothing written".</summary>
public static class Written
{
    // Unpooled: a test restarts the primary, and pooled connections would not survive it.
    private static readonly NpgsqlDataSource[] Shards =
        [.. TestEnvironment.AllShards.Select(k => NpgsqlDataSource.Create(TestEnvironment.Direct(k) + ";Pooling=false"))];

    private static NpgsqlDataSource Db => Shards[0];

    public static Task<long> EventsInStream(string streamId) =>
        Scalar("select count(*) from ledger.mt_events where stream_id = @id", streamId);

    public static Task<long> StreamsWithId(string streamId) =>
        Scalar("select count(*) from ledger.mt_streams where id = @id", streamId);

    /// <summary>Anything at all stored under (merchant, key): a stream of any kind, or a stored response.</summary>
    public static async Task<long> AnythingUnderKey(string merchantId, string key)
    {
        var recordId = IdempotencyKeys.RecordId(merchantId, key);
        return await Scalar("select count(*) from ledger.mt_streams where id like '%\\_' || @id", recordId)
            + await Scalar("select count(*) from ledger.stored_responses where id = @id", recordId);
    }

    /// <summary>On acme's shard (the first), appends a tombstone event the way Marten does for a sequence number a failed transaction burned.</summary>
    public static async Task TombstoneNext()
    {
        await using var command = Db.CreateCommand("""
            insert into ledger.mt_streams (id, version) values ('mt_tombstone', 0) on conflict do nothing;
            insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, mt_dotnet_type)
              select s, gen_random_uuid(), 'mt_tombstone', s, '{}', 'tombstone', '-infinity', 'JasperFx.Events.Tombstone, JasperFx.Events'
              from nextval('ledger.mt_events_sequence') s;
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Summed over every shard: a stream lives on exactly one, so "anywhere" is the honest question.</summary>
    private static async Task<long> Scalar(string sql, string id)
    {
        long total = 0;
        foreach (var shard in Shards)
        {
            await using var command = shard.CreateCommand(sql);
            command.Parameters.AddWithValue("id", id);
            total += (long)(await command.ExecuteScalarAsync())!;
        }

        return total;
    }
}
