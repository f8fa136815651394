using JasperFx;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Ledger.Api.Writes;

/// <summary>One Marten session (= one PostgreSQL transaction) per write.</summary>
public sealed class MartenLedgerWriter(IDocumentStore store) : ILedgerWriter
{
    public async Task<WriteResult> WriteAsync(LedgerWrite write, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        foreach (var stream in write.NewStreams)
        {
            session.Events.StartStream(stream.StreamType, stream.StreamId, [.. stream.Events]);
        }

        foreach (var append in write.Appends)
        {
            // Marten's expected version is the version *after* the append.
            session.Events.Append(append.StreamId, append.ExpectedVersion + append.Events.Count, [.. append.Events]);
        }

        session.Insert(write.Response);
        try
        {
            await session.SaveChangesAsync(ct);
            return WriteResult.Committed;
        }
        catch (ExistingStreamIdCollisionException)
        {
            return WriteResult.KeyTaken;
        }
        catch (DocumentAlreadyExistsException)
        {
            return WriteResult.KeyTaken;
        }
        catch (ConcurrencyException)
        {
            return WriteResult.StreamMoved;
        }
        catch (MartenCommandException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return WriteResult.KeyTaken;
        }
    }
}
