using FastEndpoints;
using Ledger.Api.Auth;
using Ledger.Api.Hosting;
using Ledger.Api.Reads;
using Ledger.Projections.Balances;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Api.Balances.GettingBalance;

public sealed record BalanceAmount(string Currency, long Amount);

public sealed record BalanceResponse(string Object, IReadOnlyList<BalanceAmount> Available, IReadOnlyList<BalanceAmount> Pending);

/// <summary>GET /v1/balance: the merchant's available and pending balance per currency (from postings).</summary>
public sealed class GetBalanceEndpoint(ConsistentReader reader) : EndpointWithoutRequest
{
    public override void Configure() => Get("/v1/balance");

    public override async Task HandleAsync(CancellationToken ct)
    {
        var merchantId = User.MerchantId();
        var response = await reader.ReadAsync(HttpContext, merchantId, ProjectionNames.Balances, async session =>
        {
            var balances = await session.Query<MerchantBalance>()
                .Where(b => b.MerchantId == merchantId)
                .OrderBy(b => b.Currency)
                .ToListAsync(ct);
            var body = new BalanceResponse("balance",
                [.. balances.Select(b => new BalanceAmount(b.Currency, b.Available))],
                [.. balances.Select(b => new BalanceAmount(b.Currency, b.Pending))]);
            return new ApiResponse(StatusCodes.Status200OK, ApiJson.Serialize(body), "application/json");
        }, ct);
        await response.WriteAsync(HttpContext.Response, ct);
    }
}
