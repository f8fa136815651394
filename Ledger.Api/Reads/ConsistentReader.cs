using System.Diagnostics;
using System.Globalization;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Api.Reads;

/// <summary>
/// Runs a read-model query where it can see what the caller needs. With a consistency token: on
/// the replica once its copy of the projection has reached the token's sequence, else on the
/// primary once it has, each wait bounded. Without one: on the replica, saying how stale it may be.
/// </summary>
public sealed class ConsistentReader(ReadStores stores, ILogger<ConsistentReader> logger)
{
    public const string StalenessHeader = "Ledger-Staleness-Ms";
    public const string SourceHeader = "Ledger-Read-Source";
    public const string WaitedHeader = "Ledger-Consistency-Wait-Ms";

    public static readonly TimeSpan ReplicaWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PrimaryWait = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(5);

    /// <summary>Runs <paramref name="query"/> and wraps its result with the read's headers.</summary>
    /// <param name="projection">The projection the query reads (<see cref="ProjectionNames"/>).</param>
    public async Task<ApiResponse> ReadAsync(HttpContext http, string projection, Func<IQuerySession, Task<ApiResponse>> query, CancellationToken ct)
    {
        string? token = http.Request.Headers[ApiResponse.ConsistencyTokenHeader];
        if (token is null)
        {
            await using var session = stores.Replica.QuerySession();
            var staleness = await StalenessAsync(stores.ReplicaSource, projection, ct);
            return With(await query(session), staleness.Source, (StalenessHeader, staleness.Milliseconds));
        }

        if (!ConsistencyToken.TryParse(token, out var sequence))
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Invalid consistency token",
                $"{ApiResponse.ConsistencyTokenHeader} must be a token returned by a write.").ToResponse();
        }

        var waited = Stopwatch.StartNew();
        foreach (var (store, source, limit) in new[] { (stores.Replica, stores.ReplicaSource, ReplicaWait), (stores.Primary, stores.PrimarySource, PrimaryWait) })
        {
            if (await WaitForAsync(source, projection, sequence, limit, ct) is { } role)
            {
                await using var session = store.QuerySession();
                logger.LogDebug("read at {Sequence} waited {Ms} ms ({Source})", sequence, waited.ElapsedMilliseconds, role);
                return With(await query(session), role, (WaitedHeader, waited.ElapsedMilliseconds));
            }
        }

        return ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Read models are behind",
            "The read models have not caught up with that write yet; retry shortly with the same token.").ToResponse();
    }

    /// <summary>Polls the projection's progress on one server; returns the server's role once it has reached the sequence.</summary>
    private static async Task<string?> WaitForAsync(NpgsqlDataSource source, string projection, long sequence, TimeSpan limit, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        do
        {
            try
            {
                await using var command = source.CreateCommand(
                    $"select coalesce((select last_seq_id from {LedgerStore.Schema}.mt_event_progression where name = $1), 0), pg_is_in_recovery()");
                command.Parameters.AddWithValue($"{projection}:All");
                await using var row = await command.ExecuteReaderAsync(ct);
                await row.ReadAsync(ct);
                if (row.GetInt64(0) >= sequence)
                {
                    return row.GetBoolean(1) ? "replica" : "primary";
                }
            }
            catch (NpgsqlException) when (deadline.Elapsed < limit)
            {
                // that server is going away: keep waiting, or give up and let the next one answer
            }

            await Task.Delay(PollEvery, ct);
        }
        while (deadline.Elapsed < limit);

        return null;
    }

    /// <summary>
    /// How old the oldest change this read may be missing is: the replica's replay delay, or the age
    /// of the first event the projection has not applied yet, whichever is worse.
    /// </summary>
    private static async Task<(string Source, long Milliseconds)> StalenessAsync(NpgsqlDataSource source, string projection, CancellationToken ct)
    {
        await using var command = source.CreateCommand(
            $"""
            select pg_is_in_recovery(), greatest(
              case when pg_is_in_recovery() and pg_last_wal_receive_lsn() is distinct from pg_last_wal_replay_lsn()
                   then (extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000)::bigint else 0 end,
              coalesce((select (extract(epoch from now() - e.timestamp) * 1000)::bigint
                        from {LedgerStore.Schema}.mt_events e
                        where e.seq_id = (select last_seq_id + 1 from {LedgerStore.Schema}.mt_event_progression where name = $1)
                          and isfinite(e.timestamp)), 0),
              0)
            """);
        command.Parameters.AddWithValue($"{projection}:All");
        await using var row = await command.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);
        return (row.GetBoolean(0) ? "replica" : "primary", row.GetInt64(1));
    }

    private static ApiResponse With(ApiResponse response, string source, (string Name, long Value) header) =>
        response with
        {
            Headers = new Dictionary<string, string>
            {
                [SourceHeader] = source,
                [header.Name] = header.Value.ToString(CultureInfo.InvariantCulture),
            },
        };
}
