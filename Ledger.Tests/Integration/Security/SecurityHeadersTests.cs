namespace Ledger.Tests.Integration.Security;

[Collection(nameof(LedgerAppCollection))]
public class SecurityHeadersTests(LedgerApp app)
{
    [Fact]
    public async Task Answers_carry_security_headers_also_on_errors()
    {
        var created = await app.Acme.CreateChargeReplyAsync();
        var unauthenticated = await new LedgerClient(app.Host, null).GetAsync("/v1/balance");
        var invalid = await app.Acme.PostAsync("/v1/charges", LedgerClient.NewKey(), """{"amount":-1,"currency":"USD"}""");

        foreach (var reply in new[] { created, unauthenticated, invalid })
        {
            reply.Headers["X-Content-Type-Options"].ShouldBe("nosniff");
            reply.Headers["X-Frame-Options"].ShouldBe("DENY");
            reply.Headers["Referrer-Policy"].ShouldBe("no-referrer");
            reply.Headers["Content-Security-Policy"].ShouldContain("default-src 'none'");
            reply.Headers["Strict-Transport-Security"].ShouldStartWith("max-age=");
            reply.Headers["Cache-Control"].ShouldBe("no-store", "merchant data must not sit in shared caches");
            reply.Headers.ContainsKey("Server").ShouldBeFalse();
        }
    }
}
