using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ledger.Api.Observability;

/// <summary>
/// The API's own instruments, beside what ASP.NET Core and the runtime report (request rate and
/// latency come from <c>http.server.request.duration</c>). Process-wide, like the framework's.
/// </summary>
public static class LedgerMetrics
{
    public const string MeterName = "Ledger.Api";

    /// <summary>Spans of our own (the request and database spans come from instrumentation).</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Writes per group-commit transaction: near 1 means the database keeps up without batching.</summary>
    public static readonly Histogram<int> AppendBatchSize = Meter.CreateHistogram(
        "ledger.writes.batch_size", "{write}", "Writes committed in one group-commit transaction",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });

    /// <summary>Finer than a request's bounds between 1 and 80 ms, where a charge's stages fall.</summary>
    private static readonly double[] StageBounds =
        [0.0005, 0.001, 0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06, 0.08, 0.12, 0.16, 0.24, 0.32, 0.64, 1.25, 2.5];

    /// <summary>
    /// Where a write's time goes (tag <c>stage</c>): <c>cache</c> is the Redis lookup of its key,
    /// <c>queued</c> the wait for a group-commit transaction (the linger included), <c>committing</c>
    /// that transaction until it answers. The request's duration less these is HTTP and the threads.
    /// </summary>
    public static readonly Histogram<double> WriteStageDuration = Meter.CreateHistogram(
        "ledger.writes.stage_duration", "s", "Time a write spends in each stage: cache, queued, committing",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StageBounds });

    /// <summary>How each idempotent POST was answered (tag <c>outcome</c>).</summary>
    public static readonly Counter<long> IdempotencyOutcomes = Meter.CreateCounter<long>(
        "ledger.idempotency.requests", "{request}",
        "POSTs by outcome: executed, replayed_cache, replayed_store, collapsed, key_reused, refused");

    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>(
        "ledger.rate_limited", "{request}", "Requests refused with 429 because their API key was over its limit");

    /// <summary>Reads of a kept charge view (tag <c>outcome</c>: hit, or miss when the replica was asked).</summary>
    public static readonly Counter<long> CachedViews = Meter.CreateCounter<long>(
        "ledger.reads.cached_views", "{request}", "Reads without a token of a view this node may keep, by outcome: hit, miss");

    /// <summary>Records the time since <paramref name="startedTimestamp"/> once for each of <paramref name="writes"/> writes.</summary>
    public static void WriteStage(string stage, long startedTimestamp, int writes = 1)
    {
        var seconds = Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;
        var tag = new KeyValuePair<string, object?>("stage", stage);
        for (var i = 0; i < writes; i++)
        {
            WriteStageDuration.Record(seconds, tag);
        }
    }

    public static void CachedView(string outcome) => CachedViews.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Idempotency(string outcome) => IdempotencyOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
