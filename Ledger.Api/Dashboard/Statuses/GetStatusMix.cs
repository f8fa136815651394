using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Domain.Charges;
using Ledger.Projections.Charges;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Api.Dashboard.Statuses;

public sealed record StatusCount(ChargeStatus Status, long Count);

public sealed record StatusMixResponse(string Object, IReadOnlyList<StatusCount> Data);

/// <summary>
/// GET /v1/dashboard/statuses: how many of the merchant's charges are authorized, captured and
/// voided (every status listed, zeros included). Counting through GET /v1/charges would stop at
/// one page of 100.
/// </summary>
public sealed class GetStatusMixEndpoint(ConsistentReader reader) : EndpointWithoutRequest
{
    // One grouped count over the merchant's charges (the listing's index leads with the merchant),
    // each row as JSON that Marten's serializer reads straight into a StatusCount.
    private const string CountSql =
        $"select json_build_object('status', status, 'count', count(*)) from {ChargeViews.TableName} where merchant_id = ? group by status";

    public override void Configure() => Get("/v1/dashboard/statuses");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var merchantId = User.MerchantId();
        var response = await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Charges, async session =>
        {
            var counts = await session.AdvancedSql.QueryAsync<StatusCount>(CountSql, ct, merchantId);
            var body = new StatusMixResponse("status_mix",
                [.. Enum.GetValues<ChargeStatus>().Select(s => counts.FirstOrDefault(c => c.Status == s) ?? new StatusCount(s, 0))]);
            return new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(body), "application/json");
        }, ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
