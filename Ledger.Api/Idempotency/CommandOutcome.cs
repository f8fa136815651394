using Ledger.Api.Errors;
using Ledger.Api.Writes;
using Ledger.Domain;
using Ledger.Projections.Storage;

namespace Ledger.Api.Idempotency;

/// <summary>What running a POST's command came to.</summary>
public abstract record CommandOutcome
{
    /// <summary>Events and response are committed; the response is the key's answer from now on.</summary>
    /// <param name="Sequence">The highest event sequence committed: what a read must have seen to see this write.</param>
    public sealed record Committed(StoredResponse Response, long Sequence) : CommandOutcome;

    /// <summary>Refused before anything was written; not stored, so a retry is judged afresh.</summary>
    public sealed record Refused(ApiProblem Problem) : CommandOutcome;

    /// <summary>Lost a race (key taken or stream moved): look for a stored response, then decide again.</summary>
    public sealed record Retry : CommandOutcome;

    public static CommandOutcome Refuse(DomainError error) => new Refused(ApiProblem.From(error));

    public static CommandOutcome From(WriteOutcome outcome, StoredResponse response) =>
        outcome.Result == WriteResult.Committed ? new Committed(response, outcome.Sequence) : new Retry();
}
