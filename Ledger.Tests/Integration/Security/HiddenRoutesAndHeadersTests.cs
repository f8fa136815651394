using System.Text;

namespace Ledger.Tests.Integration.Security;

[Collection(nameof(LedgerAppCollection))]
public class HiddenRoutesAndHeadersTests(LedgerApp app)
{
    [Fact]
    public async Task The_frameworks_route_list_is_not_served()
    {
        var reply = await new LedgerClient(app.Host, null).GetAsync("/_test_url_cache_");

        reply.Status.ShouldBe(404);
        reply.Text.ShouldNotContain("Endpoint");
    }

    [Fact]
    public async Task A_capture_with_an_empty_json_body_captures_the_full_amount()
    {
        var id = await app.Acme.CreateChargeAsync(3_300, capture: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/charges/{id}/capture")
        {
            Content = new ByteArrayContent([]),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", LedgerClient.NewKey());
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {TestEnvironment.AcmeKey}");

        using var response = await app.Host.Server.CreateClient().SendAsync(request);

        ((int)response.StatusCode).ShouldBe(200, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_read_model_that_is_behind_answers_503_with_Retry_After()
    {
        // With the workers stopped, no read model reaches the write's token within the waits.
        await app.StopWorkerAsync();
        try
        {
            var write = await app.Acme.CreateChargeReplyAsync(1_000);
            var read = await app.Acme.GetAsync($"/v1/charges/{write.Id}", write.Token);

            read.Status.ShouldBe(503);
            read.Headers["Retry-After"].ShouldBe("1");
            read.Headers.ContainsKey("X-Request-Id").ShouldBeTrue();
        }
        finally
        {
            await app.StartWorkerAsync();
        }
    }
}
