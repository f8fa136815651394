using System.Collections.Concurrent;
using Ledger.Api.Hosting;
using Ledger.Api.Observability;

namespace Ledger.Api.Reads;

/// <summary>
/// Answers read from one single-stream projection on the replica (a charge's view, keyed by its
/// stream id), kept in this node so a repeated read skips the database. Nothing expires by time:
/// each refresh of the replica's progress also names the streams whose events the projection
/// applied since the refresh before (<see cref="Advance"/>), and their entries go. So an entry is
/// never older than a fresh read of the replica would be as of the last refresh, which is the
/// snapshot the read's staleness header already reports.
/// </summary>
public sealed class StreamViewCache(string projection, int capacity)
{
    /// <summary>More events than this between two refreshes (an idle node): forget everything instead of listing them.</summary>
    public const int MaxListed = 10_000;

    /// <summary>
    /// Refreshes whose lists are remembered, so an answer whose read spanned some of them can still
    /// be checked against them (about 5 s at one refresh per 100 ms).
    /// </summary>
    public const int RememberedRefreshes = 50;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<Refresh> _recent = new();
    private readonly Lock _gate = new();
    private long _through = -1;
    private long _refreshes;
    private long _knownSince = 1;

    private sealed record Entry(string MerchantId, ApiResponse Response);

    /// <summary>The <paramref name="Number"/>th refresh, and the streams it listed.</summary>
    private sealed record Refresh(long Number, IReadOnlySet<string> Changed);

    /// <summary>The projection whose documents are kept (<see cref="Ledger.Projections.Storage.ProjectionNames"/>).</summary>
    public string Projection { get; } = projection;

    /// <summary>
    /// The projection's sequence on the replica as of the last refresh: every entry includes all
    /// of its stream's events up to here. Negative until the first refresh.
    /// </summary>
    public long Through => Interlocked.Read(ref _through);

    /// <summary>Refreshes taken so far; a read notes it before it starts (see <see cref="Offer"/>).</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    public int Count => _entries.Count;

    /// <summary>The kept answer for the stream, if it belongs to this merchant (anyone else's is a miss).</summary>
    public ApiResponse? Get(string streamId, string merchantId) =>
        _entries.TryGetValue(streamId, out var entry) && entry.MerchantId == merchantId ? entry.Response : null;

    /// <summary>The kept answer, or <paramref name="read"/>'s, which is kept when it is a 200.</summary>
    public async Task<ApiResponse> ReadThroughAsync(string streamId, string merchantId, Func<Task<ApiResponse>> read)
    {
        if (Get(streamId, merchantId) is { } kept)
        {
            LedgerMetrics.CachedView("hit");
            return kept;
        }

        var readAfter = Refreshes;
        var response = await read();
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            Offer(streamId, merchantId, response, readAfter);
        }

        LedgerMetrics.CachedView("miss");
        return response;
    }

    /// <summary>
    /// Keeps an answer read from the replica. <paramref name="readAfter"/> is <see cref="Refreshes"/>
    /// as it was before the read began, so the answer holds all of its stream's events up to that
    /// refresh's <see cref="Through"/>. A refresh since that listed the stream may have an event the
    /// answer misses: then it is not kept. If none did, the answer is as good as one read after the
    /// latest refresh. Reads slower than a refresh are common under load; when they were never kept,
    /// a busy node stopped keeping views when it needed them most (11–40% hits at 6,000 reads/s).
    /// </summary>
    public void Offer(string streamId, string merchantId, ApiResponse response, long readAfter)
    {
        lock (_gate)
        {
            if (readAfter < _knownSince || (readAfter != _refreshes && !UnchangedSince(readAfter, streamId)))
            {
                return;
            }

            // Bounded memory without bookkeeping per read: a full cache starts over.
            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }

            _entries[streamId] = new Entry(merchantId, response);
        }
    }

    /// <summary>
    /// The projection went from <paramref name="from"/> (the <see cref="Through"/> the refresh
    /// started with) to <paramref name="through"/>; <paramref name="changed"/> are the streams of
    /// its events in between, as listed: at most the last <see cref="MaxListed"/> events.
    /// </summary>
    public void Advance(long from, long through, IReadOnlyCollection<string> changed)
    {
        lock (_gate)
        {
            var number = Interlocked.Increment(ref _refreshes);

            // The list does not cover what is kept when another refresh moved it meanwhile, when a
            // replica went backwards (a new one behind the same name), when more events came than
            // were listed, or at the first refresh: then everything goes, reads begun before too.
            if (from < 0 || from != _through || through < from || through - from > MaxListed)
            {
                _entries.Clear();
                _recent.Clear();
                _knownSince = number;
            }
            else
            {
                foreach (var streamId in changed)
                {
                    _entries.TryRemove(streamId, out _);
                }

                _recent.Enqueue(new Refresh(number, changed as IReadOnlySet<string> ?? changed.ToHashSet(StringComparer.Ordinal)));
                if (_recent.Count > RememberedRefreshes)
                {
                    _recent.Dequeue();
                }
            }

            Interlocked.Exchange(ref _through, through);
        }
    }

    /// <summary>True when every refresh after <paramref name="readAfter"/> is remembered and none listed the stream.</summary>
    private bool UnchangedSince(long readAfter, string streamId) =>
        _recent.TryPeek(out var oldest) && oldest.Number <= readAfter + 1
        && !_recent.Any(r => r.Number > readAfter && r.Changed.Contains(streamId));
}
