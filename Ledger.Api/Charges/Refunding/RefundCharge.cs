using FastEndpoints;
using FluentValidation;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Domain.Charges;

namespace Ledger.Api.Charges.Refunding;

public sealed class RefundChargeRequest
{
    /// <summary>Minor units to refund; everything still refundable when left out.</summary>
    public long? Amount { get; init; }
}

public sealed class RefundChargeValidator : Validator<RefundChargeRequest>
{
    public RefundChargeValidator() =>
        RuleFor(x => x.Amount).MinorUnits().When(x => x.Amount is not null);
}

/// <summary>POST /v1/charges/{id}/refunds: refunds part or all of what was captured; refunds add up.</summary>
public sealed class RefundChargeEndpoint(IdempotencyExecutor idempotency, ChargeOperations operations)
    : Endpoint<RefundChargeRequest>
{
    public override void Configure() => Post("/v1/charges/{id}/refunds");

    public override async Task HandleAsync(RefundChargeRequest req, CancellationToken ct)
    {
        var request = HttpContext.IdempotentRequest();
        var chargeId = Route<string>("id")!;
        var response = await idempotency.ExecuteAsync(request, () => operations.RunAsync(
            request, chargeId, ChargeOperationKind.Refund,
            (charge, refundId, now) => ChargeDecisions.Refund(charge, req.Amount, refundId, now),
            (_, events) => RefundResponse.From(events.OfType<ChargeRefunded>().Single()),
            StatusCodes.Status201Created), ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
