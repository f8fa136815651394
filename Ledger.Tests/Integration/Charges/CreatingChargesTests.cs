namespace Ledger.Tests.Integration.Charges;

[Collection(nameof(LedgerAppCollection))]
public class CreatingChargesTests(LedgerApp app)
{
    [Fact]
    public async Task A_charge_is_created_captured_and_readable()
    {
        var created = await app.Acme.PostAsync("/v1/charges", LedgerClient.NewKey(),
            """{"amount":2500,"currency":"EUR","description":"order 42","metadata":{"order":"42"}}""");

        created.Status.ShouldBe(201);
        created.ContentType.ShouldBe("application/json");
        created.Replayed.ShouldBeFalse();
        var charge = created.Json;
        var id = charge.GetProperty("id").GetString()!;
        id.ShouldStartWith("ch_");
        charge.GetProperty("status").GetString().ShouldBe("captured");
        charge.GetProperty("amount_captured").GetInt64().ShouldBe(2500);
        charge.GetProperty("metadata").GetProperty("order").GetString().ShouldBe("42");

        var read = await app.Acme.GetAsync($"/v1/charges/{id}", created.Token);
        read.Status.ShouldBe(200);
        read.Text.ShouldBe(created.Text);
        (await Written.EventsInStream(id)).ShouldBe(2);
    }

    [Fact]
    public async Task A_charge_can_be_only_authorized()
    {
        var created = await app.Acme.CreateChargeReplyAsync(capture: false);
        var id = created.Id!;

        var read = await app.Acme.GetAsync($"/v1/charges/{id}", created.Token);
        read.Json.GetProperty("status").GetString().ShouldBe("authorized");
        (await Written.EventsInStream(id)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_used_by_two_merchants_makes_two_charges()
    {
        var key = LedgerClient.NewKey();
        const string body = """{"amount":1000,"currency":"USD"}""";

        var acme = await app.Acme.PostAsync("/v1/charges", key, body);
        var globex = await app.Globex.PostAsync("/v1/charges", key, body);

        acme.Status.ShouldBe(201);
        globex.Status.ShouldBe(201);
        globex.Replayed.ShouldBeFalse();
        var acmeId = acme.Json.GetProperty("id").GetString()!;
        var globexId = globex.Json.GetProperty("id").GetString()!;
        acmeId.ShouldNotBe(globexId);
        (await Written.EventsInStream(acmeId)).ShouldBe(2);
        (await Written.EventsInStream(globexId)).ShouldBe(2);
    }

    [Fact]
    public async Task Zero_decimal_currencies_are_charged_in_whole_units()
    {
        var created = await app.Acme.PostAsync("/v1/charges", LedgerClient.NewKey(), """{"amount":500,"currency":"JPY"}""");

        created.Status.ShouldBe(201);
        created.Json.GetProperty("currency").GetString().ShouldBe("JPY");
    }
}
