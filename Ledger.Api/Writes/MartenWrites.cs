using JasperFx;
using Ledger.Projections.Storage;
using Marten;
using Marten.Events;
using Marten.Exceptions;
using Npgsql;
using StreamAction = JasperFx.Events.StreamAction;

namespace Ledger.Api.Writes;

/// <summary>A write that could not commit, and the stream or response id it collided on (when known).</summary>
public sealed record WriteConflict(WriteResult Result, string? Id);

/// <summary>A write queued in a session: the highest sequence of its events, once committed.</summary>
public sealed record StagedWrite(LedgerWrite Write, StartStreamsOperation Starts, IReadOnlyList<StreamAction> Appends)
{
    public long Sequence => Write.NewStreams.Select(s => Starts.LastSequenceOf(s.StreamId))
        .Concat(Appends.SelectMany(a => a.Events).Select(e => e.Sequence))
        .Max();
}

/// <summary>How one <see cref="LedgerWrite"/> maps onto a Marten session, shared by both writers.</summary>
public static class MartenWrites
{
    /// <summary>
    /// A session whose transaction has begun, with <see cref="IndexPlans.ForTransaction"/> queued to
    /// run first. PgBouncer's server connections live for days and keep the plans of Marten's
    /// append function and of the events' foreign-key check; on a new database a plan made while
    /// the streams table was tiny scanned all of it on every append, until autovacuum's next
    /// ANALYZE. The settings ride with BEGIN and the batch (<see cref="PlanSettingsOperation"/>).
    /// </summary>
    public static async Task<IDocumentSession> OpenSessionAsync(IDocumentStore store, CancellationToken ct)
    {
        var session = store.LightweightSession();
        try
        {
            await session.BeginTransactionAsync(ct);
            session.QueueOperation(PlanSettingsOperation.Instance);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Queues the writes' new streams in one statement, then their appends, then all their responses
    /// in one insert.
    /// </summary>
    /// <returns>Each write as staged, whose sequence is known once the session has committed.</returns>
    public static IReadOnlyList<StagedWrite> Stage(IDocumentSession session, IReadOnlyList<LedgerWrite> writes)
    {
        var starts = new StartStreamsOperation([.. writes.SelectMany(w => w.NewStreams)], (EventGraph)session.DocumentStore.Options.Events);
        if (writes.Any(w => w.NewStreams.Count > 0))
        {
            session.QueueOperation(starts);
        }

        var staged = writes.Select(write => new StagedWrite(write, starts, Append(session, write))).ToList();
        StoredResponses.Stage(session, [.. writes.Select(w => w.Response)]);
        return staged;
    }

    private static IReadOnlyList<StreamAction> Append(IDocumentSession session, LedgerWrite write) =>
        // Marten's expected version is the version *after* the append.
        [.. write.Appends.Select(a => session.Events.Append(a.StreamId, a.ExpectedVersion + a.Events.Count, [.. a.Events]))];

    /// <summary>A conflict the caller can act on, or null for any other failure.</summary>
    public static WriteConflict? Classify(Exception e) => e switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException c => new WriteConflict(WriteResult.KeyTaken, c.Id.ToString()),
        ConcurrencyException c => new WriteConflict(WriteResult.StreamMoved, c.Id?.ToString()),
        MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
            new WriteConflict(WriteResult.KeyTaken, null),
        // Two transactions locking the same streams in turn: PostgreSQL aborted one, nothing was written.
        MartenCommandException { InnerException: PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure } } =>
            new WriteConflict(WriteResult.StreamMoved, null),
        _ => null,
    };

    /// <summary>True when the write starts, appends to or answers under <paramref name="id"/>.</summary>
    public static bool Touches(this LedgerWrite write, string id) =>
        write.Response.Id == id
        || write.NewStreams.Any(s => s.StreamId == id)
        || write.Appends.Any(a => a.StreamId == id);

    /// <summary>Every id the write needs for itself in a batch.</summary>
    public static IEnumerable<string> Ids(this LedgerWrite write) =>
        write.NewStreams.Select(s => s.StreamId).Concat(write.Appends.Select(a => a.StreamId)).Append(write.Response.Id);
}
