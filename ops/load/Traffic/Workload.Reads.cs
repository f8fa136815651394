using Ledger.Load.Http;
using Ledger.Load.Scheduling;

namespace Ledger.Load.Traffic;

internal sealed partial class Workload
{
    /// <summary>
    /// One charge of this run; with its newest write's token by the consistent-read share, and then
    /// the charge must be there (404 breaks read-your-writes). Without a token a 404 is the replica
    /// being behind, which the API allows.
    /// </summary>
    private async Task GetChargeAsync(Arrival arrival)
    {
        if (_book.Recent.Pick() is not { } charge)
        {
            await BalanceAsync(arrival);
            return;
        }

        var token = Chance(options.ConsistentReadsPercent) ? charge.Token : null;
        var outcome = await SendAsync(arrival, token is null ? "get_charge" : "get_charge+token",
            new ApiRequest(HttpMethod.Get, $"/v1/charges/{charge.Id}", charge.Merchant.ApiKey, ConsistencyToken: token));
        if (token is not null && outcome.Status is 200 or 404)
        {
            results.Checks.ConsistentRead(outcome.Status == 404 ? $"GET /v1/charges/{charge.Id} with token {token}: 404" : null);
        }
    }

    private Task BalanceAsync(Arrival arrival)
    {
        var merchant = AnyMerchant();
        var token = Chance(options.ConsistentReadsPercent) ? merchant.LastToken : null;
        return SendAsync(arrival, token is null ? "balance" : "balance+token",
            new ApiRequest(HttpMethod.Get, "/v1/balance", merchant.ApiKey, ConsistencyToken: token));
    }

    private Task ListAsync(Arrival arrival) =>
        SendAsync(arrival, "list", new ApiRequest(HttpMethod.Get, "/v1/charges?limit=10", AnyMerchant().ApiKey));
}
