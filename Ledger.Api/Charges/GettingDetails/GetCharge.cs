using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Projections.Charges;
using Ledger.Projections.Storage;

namespace Ledger.Api.Charges.GettingDetails;

/// <summary>
/// GET /v1/charges/{id}: from the charge read model, on the replica unless a token needs more; a view
/// read before may be answered from this node (<see cref="StreamViewCache"/>).
/// </summary>
public sealed class GetChargeEndpoint(ConsistentReader reader) : EndpointWithoutRequest
{
    public override void Configure() => Get("/v1/charges/{id}");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var chargeId = Route<string>("id", isRequired: false);
        var merchantId = User.MerchantId();
        var response = await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Charges, async session =>
            ChargeIds.LooksLikeCharge(chargeId) && await ChargeViews.LoadAsync(session, chargeId!, ct) is { } charge && charge.MerchantId == merchantId
                ? new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(ChargeResponse.From(charge)), "application/json")
                : ApiProblem.NotFound($"No charge '{chargeId}'.").ToResponse(), ct, streamId: chargeId);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
