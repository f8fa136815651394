using Ledger.Domain;
using Ledger.Projections.Storage;

namespace Ledger.Api.Writes;

/// <summary>A stream the write starts; it must not exist yet (its id is an idempotency key's).</summary>
public sealed record NewStream(Type StreamType, string StreamId, IReadOnlyList<ILedgerEvent> Events);

/// <summary>Events for an existing stream that must still be at <see cref="ExpectedVersion"/> (its version before this append).</summary>
public sealed record StreamAppend(string StreamId, long ExpectedVersion, IReadOnlyList<ILedgerEvent> Events);

/// <summary>Everything one POST commits: its events and the response to replay for its key.</summary>
public sealed record LedgerWrite(IReadOnlyList<NewStream> NewStreams, IReadOnlyList<StreamAppend> Appends, StoredResponse Response);

/// <summary>How a write ended; <see cref="Sequence"/> is the highest event sequence it committed (0 otherwise).</summary>
public readonly record struct WriteOutcome(WriteResult Result, long Sequence);

public enum WriteResult
{
    /// <summary>Durable: every stream, append and the response are in PostgreSQL.</summary>
    Committed,

    /// <summary>A stream to start, or the response id, already exists: another request owns the key. Nothing was written.</summary>
    KeyTaken,

    /// <summary>An appended-to stream moved past its expected version. Nothing was written; decide again.</summary>
    StreamMoved,
}
