namespace Ledger.Tests.Integration.Idempotency;

[Collection(nameof(LedgerAppCollection))]
public class ReplayTests(LedgerApp app)
{
    private const string Body = """{"amount":1234,"currency":"USD","capture":false}""";

    [Fact]
    public async Task A_retry_gets_the_original_response_byte_for_byte()
    {
        var key = LedgerClient.NewKey();

        var first = await app.Acme.PostAsync("/v1/charges", key, Body);
        await Task.Delay(20); // a fresh response would carry a later timestamp
        var again = await app.Acme.PostAsync("/v1/charges", key, Body);

        first.Status.ShouldBe(201);
        again.Status.ShouldBe(201);
        again.Replayed.ShouldBeTrue();
        first.Replayed.ShouldBeFalse();
        again.Body.ShouldBe(first.Body);
        again.ContentType.ShouldBe("application/json");
        (await Written.EventsInStream(first.Json.GetProperty("id").GetString()!)).ShouldBe(1);
    }

    [Fact]
    public async Task A_changed_body_under_the_same_key_is_refused_and_writes_nothing()
    {
        var key = LedgerClient.NewKey();
        var first = await app.Acme.PostAsync("/v1/charges", key, Body);
        var id = first.Json.GetProperty("id").GetString()!;

        var changed = await app.Acme.PostAsync("/v1/charges", key, """{"amount":1235,"currency":"USD","capture":false}""");

        changed.Status.ShouldBe(422);
        changed.ContentType.ShouldBe("application/problem+json");
        changed.Code.ShouldBe("idempotency_key_reused");
        (await Written.EventsInStream(id)).ShouldBe(1);
        (await app.Acme.GetAsync($"/v1/charges/{id}", first.Token)).Json.GetProperty("amount").GetInt64().ShouldBe(1234);
    }

    [Fact]
    public async Task A_key_used_for_a_charge_cannot_be_reused_for_a_refund()
    {
        var key = LedgerClient.NewKey();
        var created = await app.Acme.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""");
        var id = created.Json.GetProperty("id").GetString()!;

        var refund = await app.Acme.PostAsync($"/v1/charges/{id}/refunds", key, null);

        refund.Status.ShouldBe(422);
        refund.Code.ShouldBe("idempotency_key_reused");
        (await Written.EventsInStream(id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_follow_up_retried_after_success_is_replayed_not_decided_again()
    {
        var id = await app.Acme.CreateChargeAsync(capture: false);
        var key = LedgerClient.NewKey();

        var first = await app.Acme.PostAsync($"/v1/charges/{id}/capture", key, """{"amount":500}""");
        var again = await app.Acme.PostAsync($"/v1/charges/{id}/capture", key, """{"amount":500}""");

        first.Status.ShouldBe(200);
        again.Status.ShouldBe(200); // deciding again would say 409: already captured
        again.Replayed.ShouldBeTrue();
        again.Body.ShouldBe(first.Body);
        (await Written.EventsInStream(id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_hundred_parallel_identical_posts_make_one_charge_and_one_answer()
    {
        var key = LedgerClient.NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => app.Acme.PostAsync("/v1/charges", key, Body)));

        replies.ShouldAllBe(r => r.Status == 201);
        replies.Select(r => r.Text).Distinct().Count().ShouldBe(1);
        replies.Count(r => !r.Replayed).ShouldBe(1);
        var id = replies[0].Json.GetProperty("id").GetString()!;
        (await Written.StreamsWithId(id)).ShouldBe(1);
        (await Written.EventsInStream(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Parallel_duplicates_on_two_nodes_make_one_charge_and_one_answer()
    {
        await using var otherNode = await LedgerApp.StartHostAsync(TestEnvironment.Redis);
        var nodes = new[] { app.Acme, new LedgerClient(otherNode, TestEnvironment.AcmeKey) };
        var key = LedgerClient.NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => nodes[i % 2].PostAsync("/v1/charges", key, Body)));

        replies.ShouldAllBe(r => r.Status == 201);
        replies.Select(r => r.Text).Distinct().Count().ShouldBe(1);
        var id = replies[0].Json.GetProperty("id").GetString()!;
        (await Written.EventsInStream(id)).ShouldBe(1);
    }

    [Fact]
    public async Task Parallel_different_bodies_under_one_key_make_one_charge_and_refuse_the_rest()
    {
        var key = LedgerClient.NewKey();

        var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            app.Acme.PostAsync("/v1/charges", key, $$"""{"amount":{{i}},"currency":"USD","capture":false}""")));

        var winners = replies.Where(r => r.Status == 201).ToList();
        winners.Select(r => r.Text).Distinct().Count().ShouldBe(1);
        replies.Where(r => r.Status != 201).ShouldAllBe(r => r.Status == 422 && r.Code == "idempotency_key_reused");
        var id = winners[0].Json.GetProperty("id").GetString()!;
        (await Written.EventsInStream(id)).ShouldBe(1);
    }
}
