namespace Ledger.Tests.Integration.Security;

/// <summary>
/// Globex must never see or touch acme's money, on any endpoint. Acme's charges here are in DKK,
/// a currency no other test gives globex, so anything DKK on globex's side would be a leak.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class MerchantIsolationTests(LedgerApp app)
{
    private const string Currency = "DKK";

    [Fact]
    public async Task Another_merchants_charge_cannot_be_voided_and_its_id_gives_404()
    {
        var authorized = await app.Acme.CreateChargeReplyAsync(2_000, capture: false, currency: Currency);

        var voided = await app.Globex.PostAsync($"/v1/charges/{authorized.Id}/void", LedgerClient.NewKey(), null);

        voided.Status.ShouldBe(404);
        voided.Code.ShouldBe("not_found");
        (await Written.EventsInStream(authorized.Id!)).ShouldBe(1);
        var stillAuthorized = await app.Acme.GetAsync($"/v1/charges/{authorized.Id}", authorized.Token);
        stillAuthorized.Json.GetProperty("status").GetString().ShouldBe("authorized");
    }

    [Fact]
    public async Task Lists_history_and_dashboards_show_only_the_callers_own_data()
    {
        var charge = await app.Acme.CreateChargeReplyAsync(3_000, currency: Currency);
        await app.Globex.CreateChargeReplyAsync(1_000);

        var acmeList = await app.Acme.GetAsync("/v1/charges?limit=100", charge.Token);
        acmeList.Text.ShouldContain(charge.Id!);
        var acmeHistory = await app.Acme.GetAsync("/v1/balance/history?limit=100", charge.Token);
        acmeHistory.Text.ShouldContain(charge.Id!);

        (await app.Globex.GetAsync("/v1/charges?limit=100")).Text.ShouldNotContain(charge.Id!);
        (await app.Globex.GetAsync($"/v1/charges?limit=100&status=captured")).Text.ShouldNotContain(charge.Id!);
        (await app.Globex.GetAsync("/v1/balance/history?limit=100")).Text.ShouldNotContain(charge.Id!);
        (await app.Globex.GetAsync("/v1/balance")).Text.ShouldNotContain($"\"{Currency}\"");
        (await app.Globex.GetAsync("/v1/dashboard/volume?interval=day")).Text.ShouldNotContain($"\"{Currency}\"");
        (await app.Globex.GetAsync("/v1/dashboard/volume?interval=hour")).Text.ShouldNotContain($"\"{Currency}\"");
    }

    [Fact]
    public async Task A_payout_cannot_draw_on_another_merchants_balance()
    {
        var charge = await app.Acme.CreateChargeReplyAsync(5_000, currency: Currency);
        (await app.Acme.GetAsync("/v1/balance", charge.Token)).Text.ShouldContain($"\"{Currency}\"");
        var key = LedgerClient.NewKey();

        var payout = await app.Globex.PostAsync("/v1/payouts", key, $$"""{"amount":1,"currency":"{{Currency}}"}""");

        payout.Status.ShouldBe(422);
        payout.Code.ShouldBe("insufficient_funds");
    }
}
