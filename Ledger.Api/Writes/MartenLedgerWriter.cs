using JasperFx;
using Marten;
using Marten.Exceptions;
using Npgsql;
using StreamAction = JasperFx.Events.StreamAction;

namespace Ledger.Api.Writes;

/// <summary>One Marten session (= one PostgreSQL transaction) per write.</summary>
public sealed class MartenLedgerWriter(IDocumentStore store) : ILedgerWriter
{
    public async Task<WriteOutcome> WriteAsync(LedgerWrite write, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var actions = new List<StreamAction>();
        foreach (var stream in write.NewStreams)
        {
            actions.Add(session.Events.StartStream(stream.StreamType, stream.StreamId, [.. stream.Events]));
        }

        foreach (var append in write.Appends)
        {
            // Marten's expected version is the version *after* the append.
            actions.Add(session.Events.Append(append.StreamId, append.ExpectedVersion + append.Events.Count, [.. append.Events]));
        }

        session.Insert(write.Response);

        try
        {
            await session.SaveChangesAsync(ct);
            // Marten reads the sequences the database assigned back onto the events.
            return new WriteOutcome(WriteResult.Committed, actions.SelectMany(a => a.Events).Max(e => e.Sequence));
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return new WriteOutcome(WriteResult.KeyTaken, 0);
        }
        catch (DocumentAlreadyExistsException)
        {
            return new WriteOutcome(WriteResult.KeyTaken, 0);
        }
        catch (ConcurrencyException)
        {
            return new WriteOutcome(WriteResult.StreamMoved, 0);
        }
        catch (MartenCommandException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new WriteOutcome(WriteResult.KeyTaken, 0);
        }
    }
}
