namespace Ledger.Tests.Integration.Charges;

[Collection(nameof(LedgerAppCollection))]
public class FollowUpOperationsTests(LedgerApp app)
{
    [Fact]
    public async Task Capture_refund_and_void_move_the_charge_through_its_states()
    {
        var id = await app.Acme.CreateChargeAsync(10_000, capture: false);

        var captured = await app.Acme.PostAsync($"/v1/charges/{id}/capture", LedgerClient.NewKey(), """{"amount":6000}""");
        captured.Status.ShouldBe(200);
        captured.Json.GetProperty("amount_captured").GetInt64().ShouldBe(6000);

        var first = await app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":1000}""");
        var rest = await app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), null);
        first.Status.ShouldBe(201);
        first.Json.GetProperty("id").GetString()!.ShouldStartWith("re_");
        rest.Json.GetProperty("amount").GetInt64().ShouldBe(5000);

        var read = await app.Acme.GetAsync($"/v1/charges/{id}", rest.Token);
        read.Json.GetProperty("amount_refunded").GetInt64().ShouldBe(6000);
        read.Json.GetProperty("refunds").GetArrayLength().ShouldBe(2);
        (await Written.EventsInStream(id)).ShouldBe(4);
    }

    [Fact]
    public async Task Capturing_more_than_authorized_is_refused_and_writes_nothing()
    {
        var id = await app.Acme.CreateChargeAsync(10_000, capture: false);
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync($"/v1/charges/{id}/capture", key, """{"amount":10001}""");

        reply.Status.ShouldBe(422);
        reply.ContentType.ShouldBe("application/problem+json");
        reply.Code.ShouldBe("amount_exceeds_available");
        (await Written.EventsInStream(id)).ShouldBe(1);
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Fact]
    public async Task Refunding_more_than_captured_is_refused_and_writes_nothing()
    {
        var id = await app.Acme.CreateChargeAsync(10_000);
        (await app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":9000}""")).Status.ShouldBe(201);
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync($"/v1/charges/{id}/refunds", key, """{"amount":1001}""");

        reply.Status.ShouldBe(422);
        reply.Code.ShouldBe("amount_exceeds_available");
        (await Written.EventsInStream(id)).ShouldBe(3);
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Fact]
    public async Task Capturing_after_a_void_is_refused_and_writes_nothing()
    {
        var id = await app.Acme.CreateChargeAsync(capture: false);
        (await app.Acme.PostAsync($"/v1/charges/{id}/void", LedgerClient.NewKey(), """{"reason":"requested_by_customer"}""")).Status.ShouldBe(200);
        var key = LedgerClient.NewKey();

        var reply = await app.Acme.PostAsync($"/v1/charges/{id}/capture", key, null);

        reply.Status.ShouldBe(409);
        reply.Code.ShouldBe("invalid_state");
        (await Written.EventsInStream(id)).ShouldBe(2);
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Fact]
    public async Task Refunding_an_uncaptured_charge_is_refused()
    {
        var id = await app.Acme.CreateChargeAsync(capture: false);

        var reply = await app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), null);

        reply.Status.ShouldBe(409);
        reply.Code.ShouldBe("invalid_state");
    }

    [Fact]
    public async Task Concurrent_refunds_never_exceed_what_was_captured()
    {
        var id = await app.Acme.CreateChargeAsync(10_000);

        // 20 different refunds of 1000 race for 10000: exactly 10 may win, whatever the interleaving.
        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":1000}""")));

        replies.Count(r => r.Status == 201).ShouldBe(10);
        replies.Where(r => r.Status != 201).ShouldAllBe(r => r.Status == 422);
        var read = await app.Acme.GetAsync($"/v1/charges/{id}", Reply.Latest(replies));
        read.Json.GetProperty("amount_refunded").GetInt64().ShouldBe(10_000);
        (await Written.EventsInStream(id)).ShouldBe(12);
    }
}
