using System.Diagnostics;
using Ledger.Projections.Kafka;
using Ledger.Projections.Storage;
using Npgsql;

namespace Ledger.Api.Reads;

/// <summary>What one server says about the read models: each projection's progress, and how far behind it may be.</summary>
/// <param name="HighestIssued">the event sequence's last value: no write on this shard has a higher one</param>
public sealed record ProgressSnapshot(
    bool Standby, IReadOnlyDictionary<string, (long Sequence, long BehindMs)> Projections, long HighestIssued, long AgeTicks)
{
    public string Source => Standby ? "replica" : "primary";

    public long Sequence(string projection) => Projections.TryGetValue(projection, out var p) ? p.Sequence : 0;

    public long BehindMs(string projection) => Projections.TryGetValue(projection, out var p) ? p.BehindMs : 0;

    /// <summary>
    /// How stale a read may be that is checked against this snapshot: how far the projection was
    /// behind when the snapshot was taken, plus the snapshot's age.
    /// </summary>
    public long MayBeBehindMs(string projection) => BehindMs(projection) + (long)Stopwatch.GetElapsedTime(AgeTicks).TotalMilliseconds;
}

/// <summary>
/// Reads projection progress from one data source for every request that needs it: one query per
/// refresh however many reads are waiting, instead of one per read (which, under load, was most
/// of what reads cost). With a <see cref="StreamViewCache"/>, the same round trip also lists the
/// streams its projection changed since the last refresh.
/// </summary>
public sealed class ProgressWatcher(NpgsqlDataSource source, StreamViewCache? views = null)
{
    // One row per projection, or one row of nulls before any projection has run, so the sequence's
    // high-water mark always comes back.
    private static readonly string Sql = $"""
        select p.name, p.last_seq_id,
               coalesce((select (extract(epoch from now() - e.timestamp) * 1000)::bigint
                         from {LedgerStore.Schema}.mt_events e
                         where e.seq_id = p.last_seq_id + 1 and isfinite(e.timestamp)), 0),
               pg_is_in_recovery(),
               case when pg_is_in_recovery() and pg_last_wal_receive_lsn() is distinct from pg_last_wal_replay_lsn()
                    then coalesce((extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::bigint, 0) else 0 end,
               s.last_value
        from {LedgerStore.Schema}.mt_events_sequence s
        left join {LedgerStore.Schema}.mt_event_progression p on p.name = any($1)
        """;

    /// <summary>
    /// The streams of the events a projection applied after $1 (or after $2 events before where it
    /// is now, whichever is later), up to where it is now ($3 names its progress row): a row of
    /// nulls when there are none, no row before the projection has run.
    /// </summary>
    public static string ChangesSql(string schema) => $"""
        select p.last_seq_id, e.stream_id
        from {schema}.mt_event_progression p
        left join {schema}.mt_events e on e.seq_id > greatest($1, p.last_seq_id - $2) and e.seq_id <= p.last_seq_id
        where p.name = $3
        """;

    // The read models, and the Kafka relay for its lag metric.
    private static readonly string[] Names = [.. ProjectionNames.ProgressionRows, ProjectionNames.ProgressionRow(KafkaRelay.SubscriptionName)];
    private readonly Lock _gate = new();
    private ProgressSnapshot? _latest;
    private Task<ProgressSnapshot>? _refreshing;

    /// <summary>A snapshot no older than <paramref name="maxAge"/>; concurrent callers share one query.</summary>
    public Task<ProgressSnapshot> CurrentAsync(TimeSpan maxAge) => RecentAsync(maxAge, maxAge);

    /// <summary>
    /// For reads that only say how stale they may be: the latest snapshot at once while it is no
    /// older than <paramref name="usable"/>, and past <paramref name="fresh"/> a refresh in the
    /// background for the reads after. Waiting for every refresh put its round trip, every
    /// <paramref name="fresh"/>, into all the reads that arrived during it.
    /// </summary>
    public Task<ProgressSnapshot> RecentAsync(TimeSpan fresh, TimeSpan usable)
    {
        lock (_gate)
        {
            var latest = _latest;
            var age = latest is null ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(latest.AgeTicks);
            var useLatest = latest is not null && (age <= fresh || age <= usable);
            if (age > fresh && (_refreshing is null || _refreshing.IsCompleted))
            {
                _refreshing = RefreshAsync();
                if (useLatest)
                {
                    Unobserved(_refreshing);
                }
            }

            // Not using the latest means it is missing or past fresh, so a refresh is out.
            return useLatest ? Task.FromResult(latest!) : _refreshing!;
        }
    }

    /// <summary>The latest snapshot without waiting (null before the first); a stale one asks for a refresh in the background.</summary>
    public ProgressSnapshot? Peek(TimeSpan maxAge)
    {
        // Any snapshot is usable here; only before the first does this get the refresh itself.
        var current = RecentAsync(maxAge, TimeSpan.MaxValue);
        if (current.IsCompletedSuccessfully)
        {
            return current.Result;
        }

        Unobserved(current);
        lock (_gate)
        {
            return _latest;
        }
    }

    /// <summary>Nobody awaits this refresh: a failed one (database away) just leaves the old snapshot.</summary>
    private static void Unobserved(Task refresh) =>
        refresh.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

    private async Task<ProgressSnapshot> RefreshAsync()
    {
        var taken = Stopwatch.GetTimestamp();
        await using var batch = source.CreateBatch();
        var progress = new NpgsqlBatchCommand(Sql);
        progress.Parameters.AddWithValue(Names);
        batch.BatchCommands.Add(progress);
        var previous = views?.Through ?? -1;
        if (views is not null)
        {
            var changes = new NpgsqlBatchCommand(ChangesSql(LedgerStore.Schema));
            // Before the first refresh nothing is kept, so nothing needs listing.
            changes.Parameters.AddWithValue(previous < 0 ? long.MaxValue : previous);
            changes.Parameters.AddWithValue((long)StreamViewCache.MaxListed);
            changes.Parameters.AddWithValue(ProjectionNames.ProgressionRow(views.Projection));
            batch.BatchCommands.Add(changes);
        }

        var projections = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var standby = false;
        long replayMs = 0, highestIssued = 0;
        await using (var row = await batch.ExecuteReaderAsync())
        {
            while (await row.ReadAsync())
            {
                standby = row.GetBoolean(3);
                replayMs = row.GetInt64(4);
                highestIssued = row.GetInt64(5);
                if (!row.IsDBNull(0))
                {
                    projections[row.GetString(0)[..^":All".Length]] = (row.GetInt64(1), row.GetInt64(2));
                }
            }

            if (views is not null && await row.NextResultAsync())
            {
                await AdvanceAsync(views, previous, row);
            }
        }

        // A replica that has not replayed everything it received is behind by at least that much.
        var snapshot = new ProgressSnapshot(standby,
            projections.ToDictionary(p => p.Key, p => (p.Value.Item1, Math.Max(p.Value.Item2, replayMs))), highestIssued, taken);
        lock (_gate)
        {
            _latest = snapshot;
        }

        return snapshot;
    }

    private static async Task AdvanceAsync(StreamViewCache views, long previous, NpgsqlDataReader row)
    {
        long? through = null;
        var changed = new HashSet<string>(StringComparer.Ordinal);
        while (await row.ReadAsync())
        {
            through = row.GetInt64(0);
            if (!row.IsDBNull(1))
            {
                changed.Add(row.GetString(1));
            }
        }

        if (through is { } reached)
        {
            views.Advance(previous, reached, changed);
        }
    }
}
