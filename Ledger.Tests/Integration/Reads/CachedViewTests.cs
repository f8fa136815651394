using Ledger.Api.Sharding;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Tests.Integration.Reads;

/// <summary>Charge views kept in the API node for reads without a token (<see cref="Ledger.Api.Reads.StreamViewCache"/>).</summary>
[Collection(nameof(LedgerAppCollection))]
public class CachedViewTests(LedgerApp app)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_kept_view_gives_way_to_the_next_event_of_its_charge()
    {
        var id = await app.Acme.CreateChargeAsync(2_500, capture: false);
        await KeptAsync(id, "authorized");

        var capture = await app.Acme.PostAsync($"/v1/charges/{id}/capture", LedgerClient.NewKey(), "{}");
        capture.Status.ShouldBe(200, capture.Text);

        // Kept forever without the change feed: only the replica's list of changed streams lets it go.
        await Eventually.HoldsAsync(async () => Status(await app.Acme.GetAsync($"/v1/charges/{id}")) == "captured", Within,
            "a read without a token shows the capture");
    }

    [Fact]
    public async Task Another_merchant_is_not_answered_from_a_kept_view()
    {
        var id = await app.Acme.CreateChargeAsync(1_250);
        await KeptAsync(id, "captured");

        var read = await app.Globex.GetAsync($"/v1/charges/{id}");

        read.Status.ShouldBe(404, read.Text);
    }

    /// <summary>Reads the charge without a token until this node keeps its view with that status.</summary>
    private async Task KeptAsync(string id, string status)
    {
        var views = app.Host.Services.GetRequiredService<ShardMap>().For("acme").ChargeViews.ShouldNotBeNull();
        await Eventually.HoldsAsync(async () => Status(await app.Acme.GetAsync($"/v1/charges/{id}")) == status
            && views.Get(id, "acme") is not null, Within, $"the view of {id} is kept as {status}");
        Status(await app.Acme.GetAsync($"/v1/charges/{id}")).ShouldBe(status);
    }

    private static string? Status(Reply reply) =>
        reply.Status == 200 ? reply.Json.GetProperty("status").GetString() : null;
}
