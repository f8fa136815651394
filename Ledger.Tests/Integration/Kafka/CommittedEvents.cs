using System.Text.Json;
using Npgsql;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>An event as Marten committed it: what its Kafka record must say.</summary>
public sealed record CommittedEvent(string EventId, long Sequence, string StreamId, long Version, string Type, DateTimeOffset Timestamp, JsonElement Data);

/// <summary>Reads from the primary the events a test wrote, to compare them with the topic.</summary>
public static class CommittedEvents
{
    private static readonly NpgsqlDataSource Db = NpgsqlDataSource.Create(TestEnvironment.Direct);

    /// <summary>Every event of the given charge streams, in commit (sequence) order.</summary>
    public static async Task<IReadOnlyList<CommittedEvent>> OfStreamsAsync(IReadOnlyCollection<string> streamIds)
    {
        await using var command = Db.CreateCommand(
            "select id, seq_id, stream_id, version, type, timestamp, data::text from ledger.mt_events where stream_id = any(@ids) order by seq_id");
        command.Parameters.AddWithValue("ids", streamIds.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<CommittedEvent>();
        while (await reader.ReadAsync())
        {
            using var data = JsonDocument.Parse(reader.GetString(6));
            events.Add(new CommittedEvent(
                reader.GetGuid(0).ToString(), reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), data.RootElement.Clone()));
        }

        return events;
    }
}
