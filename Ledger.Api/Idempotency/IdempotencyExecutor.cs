using System.Text;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Observability;
using Ledger.Api.Reads;
using Ledger.Api.Sharding;
using Ledger.Projections.Storage;

namespace Ledger.Api.Idempotency;

/// <summary>
/// Runs a POST at most once per (merchant, Idempotency-Key) and answers every repeat with the
/// first answer, byte for byte. Layers, cheapest first: in-process single flight (concurrent
/// duplicates on this node), Redis (recent answers), then the command itself, optimistically: the
/// event store's unique stream ids refuse a used key (also across nodes), and only then is the
/// stored answer read from PostgreSQL, where every answer is kept forever.
/// </summary>
public sealed class IdempotencyExecutor(
    SingleFlight<IdempotencyExecutor.Answer> flights,
    ResponseCache cache,
    ShardMap shards,
    ILogger<IdempotencyExecutor> logger)
{
    /// <summary>How long a duplicate waits for the request it collapsed into before giving up with 409.</summary>
    public static readonly TimeSpan DuplicateWait = TimeSpan.FromSeconds(30);

    /// <summary>Lost races (another writer moved the stream) retried before answering 503.</summary>
    private const int MaxAttempts = 5;

    /// <summary>A response and whether it is the stored answer of its key (and so a replay for anyone else).</summary>
    public sealed record Answer(ApiResponse Response, bool Stored);

    public async Task<ApiResponse> ExecuteAsync(IdempotentRequest request, Func<Task<CommandOutcome>> command, CancellationToken ct)
    {
        while (true)
        {
            var (flight, started) = flights.Join(request.RecordId, request.Fingerprint, () => LeadAsync(request, command));
            Answer answer;
            try
            {
                answer = await flight.Result.WaitAsync(DuplicateWait, ct);
            }
            catch (TimeoutException)
            {
                return ApiProblem.Of(StatusCodes.Status409Conflict, ErrorCodes.IdempotencyKeyInUse, "Request in progress",
                    "An earlier request with this Idempotency-Key is still being processed; retry later with the same key.").ToResponse();
            }

            if (started)
            {
                return answer.Response;
            }

            if (flight.Tag == request.Fingerprint)
            {
                LedgerMetrics.Idempotency("collapsed");
                return answer.Stored ? answer.Response with { Replayed = true } : answer.Response;
            }

            // A different request was running under this key: judge this one against what it stored.
        }
    }

    private async Task<Answer> LeadAsync(IdempotentRequest request, Func<Task<CommandOutcome>> command)
    {
        // Most repeats are recent: Redis answers them without touching PostgreSQL.
        if (await cache.GetAsync(request.RecordId) is { } cached)
        {
            return Replay(cached, request, "replayed_cache");
        }

        // Optimistic from here: run the command and look for a stored answer only when it did not
        // commit. A used key shows up as a write conflict, or (a second capture) as a refusal; either
        // way the stored answer, if there is one, is what the caller gets.
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var outcome = await command();
            if (outcome is CommandOutcome.Committed committed)
            {
                var answer = new KnownAnswer(committed.Response, committed.Sequence);
                await cache.SetAsync(answer);
                LedgerMetrics.Idempotency("executed");
                return new Answer(ToResponse(answer, request), Stored: true);
            }

            if (await LoadStoredAsync(request) is { } stored)
            {
                return Replay(stored, request, "replayed_store");
            }

            if (outcome is CommandOutcome.Refused refused)
            {
                LedgerMetrics.Idempotency("refused");
                return new Answer(refused.Problem.ToResponse(), Stored: false);
            }

            logger.LogDebug("lost a write race for {RecordId} (attempt {Attempt})", request.RecordId, attempt);
        }

        return new Answer(ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Unavailable, "Too much contention",
            "The charge kept changing while this request was applied; retry with the same Idempotency-Key.").ToResponse(), Stored: false);
    }

    private async Task<KnownAnswer?> LoadStoredAsync(IdempotentRequest request)
    {
        // The write's own sequence is not stored with it; the newest sequence handed out is at
        // least as new, so a read holding it still sees the write (it may wait a little longer).
        if (await StoredResponses.LoadAsync(shards.For(request.MerchantId).Primary, request.RecordId) is not { } stored)
        {
            return null;
        }

        var answer = new KnownAnswer(stored.Response, stored.Sequence);
        await cache.SetAsync(answer);
        return answer;
    }

    private Answer Replay(KnownAnswer known, IdempotentRequest request, string outcome)
    {
        var stored = known.Response;
        if (stored.Fingerprint != request.Fingerprint)
        {
            LedgerMetrics.Idempotency("key_reused");
            return new Answer(ApiProblem.Of(StatusCodes.Status422UnprocessableEntity, ErrorCodes.IdempotencyKeyReused,
                "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request (method, path or body differ).").ToResponse(), Stored: false);
        }

        LedgerMetrics.Idempotency(outcome);
        return new Answer(ToResponse(known, request) with { Replayed = true }, Stored: true);
    }

    private ApiResponse ToResponse(KnownAnswer known, IdempotentRequest request) =>
        new(known.Response.StatusCode, Encoding.UTF8.GetBytes(known.Response.Body),
            known.Response.StatusCode >= 400 ? ApiProblem.ContentType : "application/json")
        {
            ConsistencyToken = ConsistencyToken.Format(shards.For(request.MerchantId).Id, known.Sequence),
        };
}
