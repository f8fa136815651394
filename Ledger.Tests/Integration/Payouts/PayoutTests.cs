namespace Ledger.Tests.Integration.Payouts;

[Collection(nameof(LedgerAppCollection))]
public class PayoutTests(LedgerApp app)
{
    [Fact]
    public async Task An_overdraft_storm_accepts_exactly_the_affordable_payouts_while_charges_keep_flowing()
    {
        const string currency = "CHF";
        var funding = new List<Reply>();
        for (var i = 0; i < 5; i++)
        {
            funding.Add(await app.Acme.CreateChargeReplyAsync(2_000, capture: true, currency: currency));
        }

        var available = await Available(currency, Reply.Latest(funding));
        available.ShouldBeGreaterThanOrEqualTo(10_000);
        var each = (available / 20) + 1; // 19 fit, the 20th does not
        var affordable = available / each;

        var payouts = Enumerable.Range(0, 50).Select(_ =>
            app.Acme.PostAsync("/v1/payouts", LedgerClient.NewKey(), $$"""{"amount":{{each}},"currency":"{{currency}}"}""")).ToList();
        var charges = Enumerable.Range(0, 20).Select(_ => app.Acme.CreateChargeReplyAsync(500, currency: "USD")).ToList();
        var paid = await Task.WhenAll(payouts);
        var flowing = await Task.WhenAll(charges);

        paid.Count(p => p.Status == 201).ShouldBe((int)affordable);
        paid.Where(p => p.Status != 201).ShouldAllBe(p => p.Status == 422 && p.Code == "insufficient_funds");
        flowing.ShouldAllBe(c => c.Status == 201);
        var left = await Available(currency, Reply.Latest(paid));
        left.ShouldBe(available - (affordable * each));
        left.ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_refused_payout_is_refused_the_same_way_when_retried_even_after_funds_arrive()
    {
        var key = LedgerClient.NewKey();
        var body = """{"amount":99999999999,"currency":"USD"}""";

        var refused = await app.Acme.PostAsync("/v1/payouts", key, body);
        await app.Acme.CreateChargeReplyAsync(50_000);
        var retried = await app.Acme.PostAsync("/v1/payouts", key, body);

        refused.Status.ShouldBe(422);
        refused.ContentType.ShouldBe("application/problem+json");
        refused.Code.ShouldBe("insufficient_funds");
        retried.Replayed.ShouldBeTrue();
        retried.Body.ShouldBe(refused.Body);
        retried.ContentType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_payout_is_debited_from_the_available_balance()
    {
        var funded = await app.Acme.CreateChargeReplyAsync(3_000, currency: "GBP");
        var before = await Available("GBP", funded.Token);

        var payout = await app.Acme.PostAsync("/v1/payouts", LedgerClient.NewKey(), """{"amount":1000,"currency":"GBP"}""");

        payout.Status.ShouldBe(201, payout.Text);
        payout.Json.GetProperty("id").GetString()!.ShouldStartWith("po_");
        (await Available("GBP", payout.Token)).ShouldBe(before - 1_000);
    }

    [Theory]
    [InlineData("""{"amount":0,"currency":"USD"}""")]
    [InlineData("""{"amount":100}""")]
    [InlineData("""{"amount":100,"currency":"usd"}""")]
    [InlineData("""{"amount":"100","currency":"USD"}""")]
    public async Task A_bad_payout_is_a_400_problem_and_writes_nothing(string body)
    {
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync("/v1/payouts", key, body);

        reply.Status.ShouldBe(400);
        reply.Code.ShouldBe("validation_failed");
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    private async Task<long> Available(string currency, string? token)
    {
        var reply = await app.Acme.GetAsync("/v1/balance", token);
        reply.Status.ShouldBe(200, reply.Text);
        return reply.Json.GetProperty("available").EnumerateArray()
            .Where(b => b.GetProperty("currency").GetString() == currency)
            .Select(b => b.GetProperty("amount").GetInt64())
            .SingleOrDefault();
    }
}
