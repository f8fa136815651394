using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Errors;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Domain.Charges;
using Ledger.Projections.Charges;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Api.Charges.Listing;

/// <summary>
/// GET /v1/charges: newest first, keyset-paginated on (created, id), which never change, so pages
/// neither skip nor repeat charges while new ones arrive. Filters: status, created[gte], created[lt].
/// </summary>
public sealed class ListChargesEndpoint(ConsistentReader reader) : EndpointWithoutRequest
{
    public override void Configure() => Get("/v1/charges");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var query = new QueryParameters(HttpContext.Request.Query);
        var limit = query.Limit();
        var status = query.Enum<ChargeStatus>("status");
        var from = query.Time("created[gte]");
        var until = query.Time("created[lt]");
        var startingAfter = query.Text("starting_after", maxLength: 64);
        if (startingAfter is not null && !ChargeIds.LooksLikeCharge(startingAfter))
        {
            query.Fail("starting_after", "must be a charge id");
        }

        var merchantId = User.MerchantId();
        var response = query.Problem?.ToResponse() ?? await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Charges, async session =>
        {
            var sql = new List<string> { "merchant_id = ?" };
            var args = new List<object> { merchantId };
            if (status is { } s)
            {
                sql.Add("status = ?");
                args.Add(StoredNames.Of(s));
            }

            if (from is { } f)
            {
                sql.Add("created_at >= ?");
                args.Add(f);
            }

            if (until is { } u)
            {
                sql.Add("created_at < ?");
                args.Add(u);
            }

            if (startingAfter is not null)
            {
                if (await ChargeViews.LoadAsync(session, startingAfter, ct) is not { } cursor || cursor.MerchantId != merchantId)
                {
                    return ApiProblem.Validation(new Dictionary<string, string[]> { ["starting_after"] = ["no such charge"] }).ToResponse();
                }

                sql.Add("(created_at, id) < (?, ?)");
                args.Add(cursor.CreatedAt);
                args.Add(cursor.Id);
            }

            args.Add(limit + 1);
            var page = await session.AdvancedSql.QueryAsync<Charge>(
                $"select body from {ChargeViews.TableName} where {string.Join(" and ", sql)} order by created_at desc, id desc limit ?",
                ct, [.. args]);
            var list = ListResponse<ChargeResponse>.Page([.. page.Select(ChargeResponse.From)], limit, "/v1/charges");
            return new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(list), "application/json");
        }, ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
