using FastEndpoints;
using FluentValidation;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain;
using Ledger.Domain.Payouts;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Api.Payouts.Creating;

public sealed class CreatePayoutRequest
{
    public long? Amount { get; init; }

    public string? Currency { get; init; }
}

public sealed class CreatePayoutValidator : Validator<CreatePayoutRequest>
{
    public CreatePayoutValidator()
    {
        RuleFor(x => x.Amount).NotNull().MinorUnits();
        RuleFor(x => x.Currency).CurrencyCode();
    }
}

public sealed record PayoutResponse(string Id, string Object, long Amount, string Currency, string Status, DateTime Created);

/// <summary>
/// POST /v1/payouts: pays out of the available balance, never more. Payouts of one merchant and
/// currency are ordered by a lane stream (read its version, then the balance, then append at that
/// version), so concurrent payouts can't spend the same money; charges never touch the lane.
/// </summary>
public sealed class CreatePayoutEndpoint(
    IdempotencyExecutor idempotency,
    ShardMap shards,
    StreamLocks locks,
    TimeProvider clock) : Endpoint<CreatePayoutRequest>
{
    public override void Configure() => Post("/v1/payouts");

    public override async Task HandleAsync(CreatePayoutRequest req, CancellationToken ct)
    {
        var request = HttpContext.IdempotentRequest();
        var response = await idempotency.ExecuteAsync(request, () => PayAsync(request, req.Amount!.Value, req.Currency!), ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }

    private async Task<CommandOutcome> PayAsync(IdempotentRequest request, long amount, string currency)
    {
        var shard = shards.For(request.MerchantId);
        var laneId = PayoutIds.Lane(request.MerchantId, currency);
        using var turn = await locks.AcquireAsync(laneId);

        // Version first, balance second: a payout committed in between moves the lane and fails our append.
        long laneVersion;
        await using (var session = shard.Store.QuerySession())
        {
            laneVersion = (await session.Events.FetchStreamStateAsync(laneId))?.Version ?? 0;
        }

        var available = await shard.Balances.ReadAsync(request.MerchantId, currency, CancellationToken.None);
        var payoutId = PayoutIds.Payout(request.RecordId);
        var now = clock.GetUtcNow();
        var decision = PayoutDecisions.Pay(new RequestPayout(payoutId, request.MerchantId, amount, currency), available, now);
        if (decision.Error is { } error)
        {
            return CommandOutcome.Refuse(error);
        }

        var write = decision.Events.Single() switch
        {
            PayoutPaid paid => Paid(request, paid, laneId, laneVersion, now),
            PayoutRefused refused => Refused(request, refused, now),
            var other => throw new InvalidOperationException($"unexpected payout decision {other}"),
        };
        return CommandOutcome.From(await shard.Writer.WriteAsync(write, CancellationToken.None), write.Response);
    }

    private static LedgerWrite Paid(IdempotentRequest request, PayoutPaid paid, string laneId, long laneVersion, DateTimeOffset now)
    {
        var body = new PayoutResponse(paid.PayoutId, "payout", paid.Amount.Minor, paid.Amount.Currency, "paid", now.UtcDateTime);
        var response = request.Respond(StatusCodes.Status201Created, ApiJson.Serialize(body), now);
        var payout = new NewStream(LedgerStore.PayoutStream, paid.PayoutId, [paid]);
        ILedgerEvent[] sequenced = [new PayoutSequenced(paid.PayoutId, paid.MerchantId, paid.Amount, now)];
        return laneVersion == 0
            ? new LedgerWrite([payout, new NewStream(LedgerStore.PayoutLaneStream, laneId, sequenced)], [], response)
            : new LedgerWrite([payout], [new StreamAppend(laneId, laneVersion, sequenced)], response);
    }

    /// <summary>A refusal is stored like an answer: retrying the key is refused the same way.</summary>
    private static LedgerWrite Refused(IdempotentRequest request, PayoutRefused refused, DateTimeOffset now)
    {
        var problem = ApiProblem.Of(StatusCodes.Status422UnprocessableEntity, ErrorCodes.InsufficientFunds, "Insufficient funds",
            $"Payout of {refused.Amount.Minor} {refused.Amount.Currency} refused: {refused.Available.Minor} is available.");
        return new LedgerWrite(
            [new NewStream(LedgerStore.PayoutStream, refused.PayoutId, [refused])],
            [],
            request.Respond(problem.Status, ApiJson.Serialize(problem), now));
    }
}
