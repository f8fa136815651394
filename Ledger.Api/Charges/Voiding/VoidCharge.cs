using FastEndpoints;
using Ledger.Api.Idempotency;
using Ledger.Domain.Charges;

namespace Ledger.Api.Charges.Voiding;

public sealed class VoidChargeRequest
{
    /// <summary>Why the authorization is released; optional.</summary>
    public VoidReason? Reason { get; init; }
}

/// <summary>POST /v1/charges/{id}/void: releases an authorization that was not captured.</summary>
public sealed class VoidChargeEndpoint(IdempotencyExecutor idempotency, ChargeOperations operations) : Endpoint<VoidChargeRequest>
{
    public override void Configure() => Post("/v1/charges/{id}/void");

    public override async Task HandleAsync(VoidChargeRequest req, CancellationToken ct)
    {
        var request = HttpContext.IdempotentRequest();
        var chargeId = Route<string>("id")!;
        var response = await idempotency.ExecuteAsync(request, () => operations.RunAsync(
            request, chargeId, ChargeOperationKind.Void,
            (charge, operationId, now) => ChargeDecisions.Void(charge, req.Reason, operationId, now),
            (after, _) => ChargeResponse.From(after),
            StatusCodes.Status200OK), ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
