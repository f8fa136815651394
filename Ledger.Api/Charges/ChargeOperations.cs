using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Api.Sharding;
using Ledger.Api.Writes;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;

namespace Ledger.Api.Charges;

/// <summary>
/// The shared shape of capture, void and refund: load the charge, decide, then in one write start
/// the operation's own stream (its idempotency key) and append to the charge at the version read.
/// </summary>
public sealed class ChargeOperations(ChargeReader charges, StreamLocks locks, ShardMap shards, TimeProvider clock)
{
    public delegate Decision Decide(Charge charge, string operationId, DateTimeOffset now);

    public delegate object Present(Charge after, IReadOnlyList<ILedgerEvent> events);

    public async Task<CommandOutcome> RunAsync(
        IdempotentRequest request, string chargeId, ChargeOperationKind kind, Decide decide, Present present, int statusCode)
    {
        using var turn = await locks.AcquireAsync(chargeId);
        if (await charges.LoadAsync(chargeId, request.MerchantId, CancellationToken.None) is not { } loaded)
        {
            return new CommandOutcome.Refused(ApiProblem.NotFound($"No charge '{chargeId}'."));
        }

        var operationId = ChargeIds.Operation(kind, request.RecordId);
        var now = clock.GetUtcNow();
        var decision = decide(loaded.Charge, operationId, now);
        if (decision.Error is { } error)
        {
            return CommandOutcome.Refuse(error);
        }

        var after = decision.Events.Aggregate(loaded.Charge, (charge, e) => charge.Apply(e));
        var response = request.Respond(statusCode, ApiJson.Serialize(present(after, decision.Events)), now);
        var operation = new ChargeOperationRecorded(operationId, request.MerchantId, loaded.Charge.Id, kind, now);
        var result = await shards.For(request.MerchantId).Writer.WriteAsync(
            new LedgerWrite(
                [new NewStream(LedgerStore.OperationStream, operationId, [operation])],
                [new StreamAppend(loaded.Charge.Id, loaded.Version, decision.Events)],
                response),
            CancellationToken.None);
        return CommandOutcome.From(result, response);
    }
}
