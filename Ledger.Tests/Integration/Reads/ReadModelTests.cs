using Ledger.Api.Charges;
using Ledger.Api.Hosting;
using Ledger.Api.Sharding;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Tests.Integration.Reads;

[Collection(nameof(LedgerAppCollection))]
public class ReadModelTests(LedgerApp app)
{
    [Fact]
    public async Task The_charge_read_model_matches_a_refold_of_the_events()
    {
        var ids = new List<string>();
        string? token = null;
        foreach (var capture in new[] { true, false })
        {
            var id = await app.Acme.CreateChargeAsync(9_000, capture);
            ids.Add(id);
            var follow = capture
                ? await app.Acme.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":1500}""")
                : await app.Acme.PostAsync($"/v1/charges/{id}/capture", LedgerClient.NewKey(), """{"amount":4000}""");
            token = follow.Token;
        }

        var store = app.Host.Services.GetRequiredService<ShardMap>().For("acme").Store;
        await using var session = store.QuerySession();
        foreach (var id in ids)
        {
            var events = await session.Events.FetchStreamAsync(id);
            var refolded = Charge.Fold(events.Select(e => e.Data).OfType<ILedgerEvent>())!;

            var read = await app.Acme.GetAsync($"/v1/charges/{id}", token);

            read.Status.ShouldBe(200);
            read.Text.ShouldBe(System.Text.Encoding.UTF8.GetString(ApiJson.Serialize(ChargeResponse.From(refolded))));
        }
    }

    [Fact]
    public async Task A_read_with_the_token_of_a_write_sees_that_write()
    {
        var created = await app.Acme.CreateChargeReplyAsync(4_321);

        var read = await app.Acme.GetAsync($"/v1/charges/{created.Id}", created.Token);

        created.Token.ShouldNotBeNull().ShouldStartWith("shard1.");
        read.Status.ShouldBe(200);
        read.Text.ShouldBe(created.Text);
        read.Headers.ShouldContainKey("Ledger-Consistency-Wait-Ms");
    }

    [Fact]
    public async Task A_replayed_write_carries_a_token_that_sees_it()
    {
        var key = LedgerClient.NewKey();
        const string body = """{"amount":2222,"currency":"USD"}""";
        await app.Acme.PostAsync("/v1/charges", key, body);

        var replay = await app.Acme.PostAsync("/v1/charges", key, body);

        replay.Replayed.ShouldBeTrue();
        (await app.Acme.GetAsync($"/v1/charges/{replay.Id}", replay.Token)).Status.ShouldBe(200);
    }

    [Fact]
    public async Task Reads_without_a_token_come_from_the_replica_and_say_how_stale_they_may_be()
    {
        var id = await app.Acme.CreateChargeAsync();

        var read = await app.Acme.GetAsync($"/v1/charges/{id}");

        read.Headers["Ledger-Read-Source"].ShouldBe("replica");
        long.Parse(read.Headers["Ledger-Staleness-Ms"], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task A_malformed_consistency_token_is_a_400_problem()
    {
        var read = await app.Acme.GetAsync("/v1/balance", "not-a-token");

        read.Status.ShouldBe(400);
        read.Code.ShouldBe("validation_failed");
    }
}
