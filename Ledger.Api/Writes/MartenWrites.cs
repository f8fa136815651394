using JasperFx;
using Ledger.Projections.Storage;
using Marten;
using Marten.Exceptions;
using Npgsql;
using StreamAction = JasperFx.Events.StreamAction;

namespace Ledger.Api.Writes;

/// <summary>A write that could not commit, and the stream or response id it collided on (when known).</summary>
public sealed record WriteConflict(WriteResult Result, string? Id);

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

    /// <summary>Queues the writes' streams and appends, then all their responses in one insert.</summary>
    /// <returns>Each write's stream actions, whose events carry their sequences once committed.</returns>
    public static IReadOnlyList<IReadOnlyList<StreamAction>> Stage(IDocumentSession session, IReadOnlyList<LedgerWrite> writes)
    {
        var staged = writes.Select(write => StageEvents(session, write)).ToList();
        StoredResponses.Stage(session, [.. writes.Select(w => w.Response)]);
        return staged;
    }

    private static IReadOnlyList<StreamAction> StageEvents(IDocumentSession session, LedgerWrite write)
    {
        var actions = new List<StreamAction>(write.NewStreams.Count + write.Appends.Count);
        foreach (var stream in write.NewStreams)
        {
            actions.Add(session.Events.StartStream(stream.StreamType, stream.StreamId, [.. stream.Events]));
        }

        foreach (var append in write.Appends)
        {
            // Marten's expected version is the version *after* the append.
            actions.Add(session.Events.Append(append.StreamId, append.ExpectedVersion + append.Events.Count, [.. append.Events]));
        }

        return actions;
    }

    /// <summary>The highest sequence the database assigned to the staged events (after commit).</summary>
    public static long Sequence(IReadOnlyList<StreamAction> actions) => actions.SelectMany(a => a.Events).Max(e => e.Sequence);

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
