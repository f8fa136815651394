using System.Text.Json;
using Npgsql;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>An event as Marten committed it: what its Kafka record must say.</summary>
public sealed record CommittedEvent(string EventId, long Sequence, string StreamId, long Version, string Type, DateTimeOffset Timestamp, JsonElement Data);

/// <summary>Reads from the primary the events a test wrote, to compare them with the topic.</summary>
public static class CommittedEvents
{
    private static readonly NpgsqlDataSource[] Shards = [.. TestEnvironment.AllShards.Select(k => NpgsqlDataSource.Create(TestEnvironment.Direct(k)))];

    /// <summary>Every event of the given streams, in commit (sequence) order within each shard.</summary>
    public static async Task<IReadOnlyList<CommittedEvent>> OfStreamsAsync(IReadOnlyCollection<string> streamIds)
    {
        var events = new List<CommittedEvent>();
        foreach (var shard in Shards)
        {
            await using var command = shard.CreateCommand(
                "select id, seq_id, stream_id, version, type, timestamp, data::text from ledger.mt_events where stream_id = any(@ids) order by seq_id");
            command.Parameters.AddWithValue("ids", streamIds.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                using var data = JsonDocument.Parse(reader.GetString(6));
                events.Add(new CommittedEvent(
                    reader.GetGuid(0).ToString(), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), data.RootElement.Clone()));
            }
        }

        return events;
    }
}
