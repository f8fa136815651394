using FastEndpoints;
using FluentValidation;
using Ledger.Api.Hosting;
using Ledger.Api.Idempotency;
using Ledger.Domain.Charges;

namespace Ledger.Api.Charges.Capturing;

public sealed class CaptureChargeRequest
{
    /// <summary>Minor units to capture; all of the authorization when left out.</summary>
    public long? Amount { get; init; }
}

public sealed class CaptureChargeValidator : Validator<CaptureChargeRequest>
{
    public CaptureChargeValidator() =>
        RuleFor(x => x.Amount).MinorUnits().When(x => x.Amount is not null);
}

/// <summary>POST /v1/charges/{id}/capture: captures all or part of an authorized charge, once.</summary>
public sealed class CaptureChargeEndpoint(IdempotencyExecutor idempotency, ChargeOperations operations)
    : Endpoint<CaptureChargeRequest>
{
    public override void Configure() => Post("/v1/charges/{id}/capture");

    public override async Task HandleAsync(CaptureChargeRequest req, CancellationToken ct)
    {
        var request = HttpContext.IdempotentRequest();
        var chargeId = Route<string>("id")!;
        var response = await idempotency.ExecuteAsync(request, () => operations.RunAsync(
            request, chargeId, ChargeOperationKind.Capture,
            (charge, operationId, now) => ChargeDecisions.Capture(charge, req.Amount, operationId, now),
            (after, _) => ChargeResponse.From(after),
            StatusCodes.Status200OK), ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
