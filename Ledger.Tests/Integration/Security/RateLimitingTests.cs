using System.Security.Cryptography;
using System.Text;
using Alba;

namespace Ledger.Tests.Integration.Security;

/// <summary>An API node whose acme merchant has a second key with a tiny limit: 1 request/s, burst 3.</summary>
public sealed class LimitedKeyApp : IAsyncLifetime
{
    public const string LimitedKey = "sk_test_limited_acme";

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await LedgerApp.StartHostAsync(TestEnvironment.Redis, new Dictionary<string, string?>
        {
            ["Merchants:0:ApiKeys:1:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LimitedKey))),
            ["Merchants:0:ApiKeys:1:RateLimit:RequestsPerSecond"] = "1",
            ["Merchants:0:ApiKeys:1:RateLimit:Burst"] = "3",
        });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[Collection(nameof(LedgerAppCollection))]
public class RateLimitingTests(LimitedKeyApp node) : IClassFixture<LimitedKeyApp>
{
    private readonly LedgerClient _limited = new(node.Host, LimitedKeyApp.LimitedKey);
    private readonly LedgerClient _acme = new(node.Host, TestEnvironment.AcmeKey);

    [Fact]
    public async Task A_key_over_its_limit_gets_a_429_problem_with_Retry_After_and_nothing_is_written()
    {
        for (var i = 0; i < 3; i++)
        {
            (await _limited.GetAsync("/v1/charges/ch_0000000000000000000000000")).Status.ShouldBe(404);
        }

        var key = LedgerClient.NewKey();
        var refused = await _limited.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""");
        var otherKeyMeanwhile = await _acme.GetAsync("/v1/charges/ch_0000000000000000000000000");

        refused.Status.ShouldBe(429);
        refused.ContentType.ShouldBe("application/problem+json");
        refused.Code.ShouldBe("rate_limited");
        int.Parse(refused.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        (await Written.AnythingUnderKey("acme", key)).ShouldBe(0);
        otherKeyMeanwhile.Status.ShouldBe(404, "each key has its own bucket");

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var retried = await _limited.PostAsync("/v1/charges", key, """{"amount":1000,"currency":"USD"}""");
        retried.Status.ShouldBe(201, "the key refills at its rate, and the same Idempotency-Key then goes through");
        retried.Replayed.ShouldBeFalse();
    }
}
