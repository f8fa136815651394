namespace Ledger.Tests.Integration.Reads;

[Collection(nameof(LedgerAppCollection))]
public class PaginationTests(LedgerApp app)
{
    [Fact]
    public async Task Paging_through_charges_while_new_ones_arrive_has_no_gaps_or_repeats()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        var existing = new List<Reply>();
        for (var i = 0; i < 25; i++)
        {
            existing.Add(await app.Acme.CreateChargeReplyAsync(100 + i, capture: false, currency: "DKK"));
        }

        var token = Reply.Latest(existing);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var written = 0;
            while (!stop.IsCancellationRequested)
            {
                await app.Acme.CreateChargeReplyAsync(1, capture: false, currency: "DKK");
                written++;
            }

            return written;
        });

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var after = cursor is null ? "" : $"&starting_after={cursor}";
            var page = await app.Acme.GetAsync($"/v1/charges?limit=7&created[gte]={since}{after}", token);
            page.Status.ShouldBe(200, page.Text);
            var ids = page.Json.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList();
            seen.AddRange(ids);
            cursor = page.Json.GetProperty("has_more").GetBoolean() ? ids[^1] : null;
            await Task.Delay(20); // let the writer land charges between pages
        }
        while (cursor is not null);

        await stop.CancelAsync();
        (await writer).ShouldBeGreaterThan(0);
        seen.Count.ShouldBe(seen.Distinct().Count(), "no charge twice");
        existing.Select(r => r.Id!).Except(seen).ShouldBeEmpty("every charge that existed before paging started");
    }

    [Fact]
    public async Task Filters_select_by_status_and_creation_time()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds();
        var authorized = await app.Acme.CreateChargeReplyAsync(10, capture: false, currency: "PLN");
        var captured = await app.Acme.CreateChargeReplyAsync(20, capture: true, currency: "PLN");
        var token = Reply.Latest([authorized, captured]);

        var onlyAuthorized = await app.Acme.GetAsync($"/v1/charges?status=authorized&created[gte]={since}&limit=100", token);
        var nothingYet = await app.Acme.GetAsync($"/v1/charges?created[lt]={since - 3600}&created[gte]={since - 7200}", token);

        var ids = onlyAuthorized.Json.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        ids.ShouldContain(authorized.Id);
        ids.ShouldNotContain(captured.Id);
        nothingYet.Json.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ShouldNotContain(authorized.Id);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=ten")]
    [InlineData("status=pending")]
    [InlineData("created[gte]=yesterday")]
    [InlineData("starting_after=nope")]
    [InlineData("starting_after=ch_0000000000000000000000000")]
    public async Task Bad_list_parameters_are_400_problems(string query)
    {
        var reply = await app.Acme.GetAsync($"/v1/charges?{query}");

        reply.Status.ShouldBe(400, reply.Text);
        reply.Code.ShouldBe("validation_failed");
    }
}
