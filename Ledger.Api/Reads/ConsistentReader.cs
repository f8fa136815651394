using System.Diagnostics;
using System.Globalization;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Sharding;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Api.Reads;

/// <summary>
/// Runs a read-model query where it can see what the caller needs. With a consistency token: on
/// the replica once its copy of the projection has reached the token's sequence, else on the
/// primary once it has, each wait bounded. Without one: on the replica, saying how stale it may be.
/// While the replica cannot be reached, the primary serves both kinds.
/// </summary>
public sealed class ConsistentReader(ShardMap shards, ILogger<ConsistentReader> logger)
{
    public const string StalenessHeader = "Ledger-Staleness-Ms";
    public const string SourceHeader = "Ledger-Read-Source";
    public const string WaitedHeader = "Ledger-Consistency-Wait-Ms";

    public static readonly TimeSpan ReplicaWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan PrimaryWait = TimeSpan.FromSeconds(4);

    /// <summary>Past this age a snapshot is refreshed: reads without a token share one probe per interval.</summary>
    private static readonly TimeSpan StalenessReuse = TimeSpan.FromMilliseconds(100);

    /// <summary>How old a snapshot a read without a token may use while the next one is fetched (its age is in the header).</summary>
    private static readonly TimeSpan StalenessUsable = TimeSpan.FromSeconds(1);

    /// <summary>How often waiting reads look again (all of them together: one query per look).</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(5);

    /// <summary>Runs <paramref name="query"/> and wraps its result with the read's headers.</summary>
    /// <param name="projection">The projection the query reads (<see cref="ProjectionNames"/>).</param>
    /// <param name="streamId">
    /// When the query reads one stream's document of the projection, its id: a read without a token
    /// may then be answered from the shard's <see cref="StreamViewCache"/> for that projection.
    /// </param>
    public async Task<ApiResponse> ReadAsync(
        HttpContext http, string merchantId, string projection, Func<IQuerySession, Task<ApiResponse>> query, CancellationToken ct,
        string? streamId = null)
    {
        var shard = shards.For(merchantId);
        var stores = shard.Reads;
        string? token = http.Request.Headers[ApiResponse.ConsistencyTokenHeader];
        if (token is not null && !ConsistencyToken.TryParse(token, out _, out _))
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Invalid consistency token",
                $"{ApiResponse.ConsistencyTokenHeader} must be a token returned by a write.").ToResponse();
        }

        // A token from another shard says nothing about this merchant's data: nothing to wait for.
        if (token is null || !ConsistencyToken.TryParse(token, out var tokenShard, out var sequence) || tokenShard != shard.Id)
        {
            var views = streamId is not null && shard.ChargeViews is { } kept && kept.Projection == projection ? kept : null;
            return await OnReplicaAsync(stores, async () => await ReadNowAsync(stores.Replica, shard.ReplicaProgress, projection, query,
                    views is null ? null : read => views.ReadThroughAsync(streamId!, merchantId, read)))
                ?? await ReadNowAsync(stores.Primary, shard.PrimaryProgress, projection, query);
        }

        if (!await WasIssuedAsync(shard, sequence))
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Invalid consistency token",
                $"{ApiResponse.ConsistencyTokenHeader} names a write that was never made.").ToResponse();
        }

        var waited = Stopwatch.StartNew();
        var fromReplica = await OnReplicaAsync(stores, async () =>
            await WaitForAsync(shard.ReplicaProgress, projection, sequence, ReplicaWait, waitOutOutages: false, ct) is { } role
                ? await ReadAfterWaitAsync(stores.Replica, role, query, waited)
                : null);
        if (fromReplica is not null)
        {
            return fromReplica;
        }

        // The primary may be restarting: wait it out, bounded.
        if (await WaitForAsync(shard.PrimaryProgress, projection, sequence, PrimaryWait, waitOutOutages: true, ct) is { } primaryRole)
        {
            return await ReadAfterWaitAsync(stores.Primary, primaryRole, query, waited);
        }

        return ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Read models are behind",
            "The read models have not caught up with that write yet; retry shortly with the same token.").ToResponse();
    }

    /// <summary>
    /// A read without a token: as the server has it, saying how stale that may be. The snapshot is
    /// taken first, so a kept view was checked against changes up to it.
    /// </summary>
    private static async Task<ApiResponse> ReadNowAsync(IDocumentStore store, ProgressWatcher watcher, string projection,
        Func<IQuerySession, Task<ApiResponse>> query, Func<Func<Task<ApiResponse>>, Task<ApiResponse>>? kept = null)
    {
        var snapshot = await watcher.RecentAsync(StalenessReuse, StalenessUsable);
        var response = kept is null ? await QueryAsync(store, query) : await kept(() => QueryAsync(store, query));
        return With(response, snapshot.Source, (StalenessHeader, snapshot.MayBeBehindMs(projection)));
    }

    private static async Task<ApiResponse> QueryAsync(IDocumentStore store, Func<IQuerySession, Task<ApiResponse>> query)
    {
        await using var session = store.QuerySession();
        return await query(session);
    }

    private async Task<ApiResponse> ReadAfterWaitAsync(
        IDocumentStore store, string role, Func<IQuerySession, Task<ApiResponse>> query, Stopwatch waited)
    {
        logger.LogDebug("read waited {Ms} ms ({Source})", waited.ElapsedMilliseconds, role);
        await using var session = store.QuerySession();
        return With(await query(session), role, (WaitedHeader, waited.ElapsedMilliseconds));
    }

    /// <summary>
    /// Runs <paramref name="read"/> on the replica unless it is known to be down. Null when it is,
    /// when it fails now (then it counts as down for a while), or when the read itself gives null.
    /// </summary>
    private async Task<ApiResponse?> OnReplicaAsync(ReadStores stores, Func<Task<ApiResponse?>> read)
    {
        if (stores.ReplicaDown)
        {
            return null;
        }

        try
        {
            return await read();
        }
        catch (Exception e) when (ErrorHandling.IsUnavailable(e))
        {
            if (stores.MarkReplicaDown())
            {
                logger.LogWarning(e, "replica unreachable: reads go to the primary for the next {Seconds} s", stores.ReplicaRecheck.TotalSeconds);
            }

            return null;
        }
    }

    /// <summary>
    /// A forged token from the future would hold a request for every wait and then answer 503;
    /// refuse it at once. The primary's recent high-water mark is shared; a token above it asks
    /// again, twice, so the last answer comes from a query started after this request arrived.
    /// With the primary unreachable nothing can be proven, and the read goes on to its waits.
    /// </summary>
    private async Task<bool> WasIssuedAsync(Shard shard, long sequence)
    {
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var snapshot = await shard.PrimaryProgress.CurrentAsync(attempt == 0 ? StalenessReuse : TimeSpan.Zero);
                if (snapshot.HighestIssued >= sequence)
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (ErrorHandling.IsUnavailable(e))
        {
            logger.LogDebug(e, "could not check a consistency token against the primary");
            return true;
        }
    }

    /// <summary>Waits until one server's copy of the projection reached the sequence; returns that server's role.</summary>
    private static async Task<string?> WaitForAsync(
        ProgressWatcher watcher, string projection, long sequence, TimeSpan limit, bool waitOutOutages, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        do
        {
            try
            {
                var snapshot = await watcher.CurrentAsync(PollEvery);
                if (snapshot.Sequence(projection) >= sequence)
                {
                    return snapshot.Source;
                }
            }
            catch (NpgsqlException) when (waitOutOutages)
            {
                // that server is going away: keep waiting, or give up at the limit
            }

            await Task.Delay(PollEvery, ct);
        }
        while (deadline.Elapsed < limit);

        return null;
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
