namespace Ledger.Api.Writes;

/// <summary>
/// The one way requests write to the ledger: "append these events and store this response".
/// <para>Contract, for every implementation (one transaction per write today; group commit later):</para>
/// <list type="bullet">
/// <item>Atomic: a write's new streams, appends and response commit together or not at all.</item>
/// <item>Durable: <see cref="WriteResult.Committed"/> is returned only after the commit is fsync-durable,
/// with the highest global event sequence the write committed (the read side's consistency token).</item>
/// <item>Isolated outcome: a write's result depends only on its own streams and response id. An
/// implementation that batches many writes into one transaction must, when one of them conflicts,
/// fail only that one and commit the others (e.g. retry the batch without it).</item>
/// <item>No partial effects on conflict: <see cref="WriteResult.KeyTaken"/> and
/// <see cref="WriteResult.StreamMoved"/> mean nothing of the write was stored.</item>
/// <item>Not cancellable once the commit starts: callers own retries, the writer never retries a conflict.</item>
/// </list>
/// </summary>
public interface ILedgerWriter
{
    Task<WriteOutcome> WriteAsync(LedgerWrite write, CancellationToken ct);
}
