using Alba;

namespace Ledger.Tests.Integration.Auth;

[Collection(nameof(LedgerAppCollection))]
public class AuthenticationTests(LedgerApp app)
{
    [Theory]
    [InlineData(null)]
    [InlineData("sk_test_nobody")]
    [InlineData("")]
    public async Task Without_a_valid_api_key_every_call_is_401(string? apiKey)
    {
        var anonymous = new LedgerClient(app.Host, apiKey);
        var key = LedgerClient.NewKey();

        var post = await anonymous.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""");
        var get = await anonymous.GetAsync("/v1/charges/ch_0000000000000000000000000");

        post.Status.ShouldBe(401);
        post.ContentType.ShouldBe("application/problem+json");
        post.Code.ShouldBe("unauthenticated");
        get.Status.ShouldBe(401);
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_401()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/v1/charges/ch_x");
            s.WithRequestHeader("Authorization", "Basic c2tfdGVzdF9hY21lOg==");
            s.StatusCodeShouldBe(401);
            s.ContentTypeShouldBe("application/problem+json");
        });
    }

    [Fact]
    public async Task Another_merchants_charge_is_not_found_for_reads_and_writes()
    {
        var created = await app.Acme.CreateChargeReplyAsync(capture: false);
        var id = created.Id!;
        var key = LedgerClient.NewKey();

        var read = await app.Globex.GetAsync($"/v1/charges/{id}", created.Token);
        var capture = await app.Globex.PostAsync($"/v1/charges/{id}/capture", key, null);
        var refund = await app.Globex.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), null);

        read.Status.ShouldBe(404);
        read.Code.ShouldBe("not_found");
        (await app.Acme.GetAsync($"/v1/charges/{id}", created.Token)).Status.ShouldBe(200);
        capture.Status.ShouldBe(404);
        refund.Status.ShouldBe(404);
        (await Written.EventsInStream(id)).ShouldBe(1);
        (await Written.AnythingUnderKey("globex", key)).ShouldBe(0);
    }

    [Fact]
    public async Task Health_endpoints_need_no_key()
    {
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/health/live");
            s.StatusCodeShouldBeOk();
        });
    }
}
