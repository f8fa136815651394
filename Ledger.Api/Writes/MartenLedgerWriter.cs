using Marten;

namespace Ledger.Api.Writes;

/// <summary>One Marten session (= one PostgreSQL transaction) per write.</summary>
public sealed class MartenLedgerWriter(IDocumentStore store) : ILedgerWriter
{
    public async Task<WriteOutcome> WriteAsync(LedgerWrite write, CancellationToken ct)
    {
        await using var session = await MartenWrites.OpenSessionAsync(store, ct);
        var staged = MartenWrites.Stage(session, [write])[0];
        try
        {
            await session.SaveChangesAsync(ct);
            return new WriteOutcome(WriteResult.Committed, staged.Sequence);
        }
        catch (Exception e) when (MartenWrites.Classify(e) is { } conflict)
        {
            return new WriteOutcome(conflict.Result, 0);
        }
    }
}
