using System.Diagnostics;
using System.Threading.Channels;
using Ledger.Api.Observability;
using Marten;

namespace Ledger.Api.Writes;

public sealed class GroupCommitOptions
{
    /// <summary>Batches committed at the same time: one keeps PostgreSQL's fsync busy, a few hide round trips.</summary>
    public int Committers { get; set; } = 4;

    /// <summary>Writes in one transaction at most.</summary>
    public int MaxBatch { get; set; } = 200;

    /// <summary>
    /// How long a committer waits, once a write is queued, for more to share its transaction. Zero
    /// commits at once; a few milliseconds make bigger batches, which cost less CPU per write.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;
}

/// <summary>
/// Group commit: writes from concurrent requests queue up, and each committer takes whatever is
/// queued (after <see cref="GroupCommitOptions.Linger"/>, if set) into one transaction, so one
/// fsync serves them all. A conflict fails only the write it belongs to; the rest of the batch is
/// committed again without it.
/// Writes that touch the same stream or response id never share a batch.
/// </summary>
public sealed class GroupCommitWriter : ILedgerWriter, IAsyncDisposable
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>();
    private readonly IDocumentStore _store;
    private readonly GroupCommitOptions _options;
    private readonly ILogger<GroupCommitWriter> _logger;
    private readonly ConflictCheck _conflicts;
    private readonly Task[] _committers;

    public GroupCommitWriter(IDocumentStore store, ConflictCheck conflicts, GroupCommitOptions options, ILogger<GroupCommitWriter> logger)
    {
        _store = store;
        _conflicts = conflicts;
        _options = options;
        _logger = logger;
        _committers = [.. Enumerable.Range(0, options.Committers).Select(_ => Task.Run(CommitLoopAsync))];
    }

    /// <summary>Batch sizes seen so far (for metrics and the load report).</summary>
    public BatchStatistics Statistics { get; } = new();

    public Task<WriteOutcome> WriteAsync(LedgerWrite write, CancellationToken ct)
    {
        var pending = new Pending(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitWriter));
        }

        // Not cancellable once queued (ILedgerWriter's contract): the commit may already be under way.
        return pending.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_committers);
    }

    private async Task CommitLoopAsync()
    {
        var batch = new List<Pending>(_options.MaxBatch);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var deferred = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (_options.Linger > TimeSpan.Zero && _queue.Reader.Count < _options.MaxBatch)
            {
                await Task.Delay(_options.Linger);
            }

            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                if (pending.Write.Ids().Any(ids.Contains))
                {
                    deferred.Add(pending);
                    continue;
                }

                ids.UnionWith(pending.Write.Ids());
                LedgerMetrics.WriteStage("queued", pending.Queued);
                batch.Add(pending);
            }

            foreach (var later in deferred)
            {
                _queue.Writer.TryWrite(later);
            }

            if (batch.Count > 0)
            {
                Statistics.Record(batch.Count);
                LedgerMetrics.AppendBatchSize.Record(batch.Count);
                await CommitAsync(batch);
            }

            batch.Clear();
            ids.Clear();
            deferred.Clear();
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var writes = batch.Count;
        try
        {
            await CommitOrRetryAsync(batch);
        }
        finally
        {
            // Once per write, so its percentiles sit beside the other stages' and the request's.
            LedgerMetrics.WriteStage("committing", started, writes);
        }
    }

    private async Task CommitOrRetryAsync(List<Pending> batch)
    {
        // One lock order for every transaction, so two batches never wait on each other in a circle.
        batch.Sort((a, b) => string.CompareOrdinal(a.Write.Ids().First(), b.Write.Ids().First()));
        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3 && batch.Count > 0; attempt++)
        {
            try
            {
                await using var session = await MartenWrites.OpenSessionAsync(_store, CancellationToken.None);
                var staged = MartenWrites.Stage(session, [.. batch.Select(p => p.Write)]);
                await session.SaveChangesAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(new WriteOutcome(WriteResult.Committed, staged[i].Sequence));
                }

                return;
            }
            catch (Exception e) when (MartenWrites.Classify(e) is not null)
            {
                // Marten's exception names a stream, but in a batch not reliably the one that failed;
                // ask the database which writes conflict, fail those, and commit the rest again.
                lastFailure = e;
                var conflicts = await _conflicts.FindAsync(batch.Select(p => p.Write).ToList());
                _logger.LogDebug(e, "conflict in a batch of {Count}: {Conflicts} writes conflict", batch.Count, conflicts.Count);
                batch.RemoveAll(p =>
                {
                    if (!conflicts.TryGetValue(p.Write, out var result))
                    {
                        return false;
                    }

                    p.Completion.TrySetResult(new WriteOutcome(result, 0));
                    return true;
                });
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(e);
                }

                return;
            }
        }

        // Still failing without a conflict the database can show (racing writers): one at a time.
        // That is a transaction per write, slow enough to back requests up, so it is said out loud.
        if (batch.Count > 0)
        {
            _logger.LogWarning(lastFailure, "a batch of {Count} writes failed 3 times with no conflict the database shows; committing them one at a time", batch.Count);
        }

        await CommitEachAsync(batch);
    }

    private async Task CommitEachAsync(List<Pending> batch)
    {
        var single = new MartenLedgerWriter(_store);
        foreach (var pending in batch)
        {
            try
            {
                pending.Completion.TrySetResult(await single.WriteAsync(pending.Write, CancellationToken.None));
            }
            catch (Exception e)
            {
                pending.Completion.TrySetException(e);
            }
        }
    }

    private sealed class Pending(LedgerWrite write)
    {
        public LedgerWrite Write { get; } = write;

        public long Queued { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<WriteOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Counts batches and the writes in them; cheap enough to keep always on.</summary>
public sealed class BatchStatistics
{
    private long _batches;
    private long _writes;
    private long _largest;

    public long Batches => Interlocked.Read(ref _batches);

    public long Writes => Interlocked.Read(ref _writes);

    public long Largest => Interlocked.Read(ref _largest);

    public void Record(int size)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _writes, size);
        long seen;
        while (size > (seen = Interlocked.Read(ref _largest)) && Interlocked.CompareExchange(ref _largest, size, seen) != seen)
        {
        }
    }
}
