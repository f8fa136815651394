using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;

namespace Ledger.Api.Charges.GettingDetails;

/// <summary>GET /v1/charges/{id}: folded from the charge's event stream on the primary.</summary>
public sealed class GetChargeEndpoint(ChargeReader charges) : EndpointWithoutRequest
{
    public override void Configure() => Get("/v1/charges/{id}");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var chargeId = Route<string>("id", isRequired: false);
        var response = await charges.LoadAsync(chargeId, User.MerchantId(), ct) is { } loaded
            ? new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(ChargeResponse.From(loaded.Charge)), "application/json")
            : ApiProblem.NotFound($"No charge '{chargeId}'.").ToResponse();
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
