using Npgsql;

namespace Ledger.Tests.Integration.Reads;

[Collection(nameof(LedgerAppCollection))]
public class BalanceTests(LedgerApp app)
{
    [Fact]
    public async Task A_capture_moves_money_from_pending_to_available()
    {
        var before = await Balances(await app.Acme.CreateChargeReplyAsync(1, capture: false));
        var authorized = await app.Acme.CreateChargeReplyAsync(5_000, capture: false);
        var held = await Balances(authorized);
        var captured = await app.Acme.PostAsync($"/v1/charges/{authorized.Id}/capture", LedgerClient.NewKey(), """{"amount":3000}""");
        var after = await Balances(captured);

        held.Pending.ShouldBe(before.Pending + 5_000);
        after.Pending.ShouldBe(before.Pending);
        after.Available.ShouldBe(before.Available + 3_000);
    }

    [Fact]
    public async Task Balances_equal_the_sum_of_the_postings_they_have_folded_in()
    {
        var last = await app.Acme.CreateChargeReplyAsync(777);
        await app.Acme.GetAsync("/v1/balance", last.Token); // caught up to here

        // One snapshot of the primary: the balance document, the projection's progress, and the
        // sum of every posting up to that progress, computed straight from the events.
        await using var db = NpgsqlDataSource.Create(TestEnvironment.Direct(TestEnvironment.ShardOf("acme")));
        await using var command = db.CreateCommand("""
            with progress as (select last_seq_id from ledger.mt_event_progression where name = 'balances:All'),
            postings as (
              select p ->> 'account' as account,
                     sum(case p ->> 'side' when 'credit' then (p -> 'amount' ->> 'minor')::bigint
                                          else -(p -> 'amount' ->> 'minor')::bigint end) as total
              from ledger.mt_events e cross join lateral jsonb_array_elements(e.data -> 'postings') p
              where e.seq_id <= (select last_seq_id from progress) and p -> 'amount' ->> 'currency' = 'USD'
              group by 1)
            select (b.data ->> 'pending')::bigint, (b.data ->> 'available')::bigint,
                   coalesce((select total from postings where account = 'merchant:acme:pending'), 0),
                   coalesce((select total from postings where account = 'merchant:acme:available'), 0)
            from ledger.mt_doc_merchantbalance b where b.id = 'acme:USD'
            """);
        await using var row = await command.ExecuteReaderAsync();
        (await row.ReadAsync()).ShouldBeTrue();

        row.GetInt64(0).ShouldBe(row.GetInt64(2), "pending");
        row.GetInt64(1).ShouldBe(row.GetInt64(3), "available");
    }

    [Fact]
    public async Task The_history_lists_each_change_with_the_balance_it_left()
    {
        var charge = await app.Acme.CreateChargeReplyAsync(6_000);
        var refund = await app.Acme.PostAsync($"/v1/charges/{charge.Id}/refunds", LedgerClient.NewKey(), """{"amount":2500}""");
        var balance = await Balances(refund);

        var history = await app.Acme.GetAsync("/v1/balance/history?limit=5", refund.Token);

        history.Status.ShouldBe(200);
        var newest = history.Json.GetProperty("data")[0];
        newest.GetProperty("source").GetString().ShouldBe(charge.Id);
        newest.GetProperty("type").GetString().ShouldBe("charge_refunded");
        newest.GetProperty("amount").GetInt64().ShouldBe(-2_500);
        newest.GetProperty("balance_after").GetInt64().ShouldBe(balance.Available);
        var page2 = await app.Acme.GetAsync($"/v1/balance/history?limit=5&starting_after={newest.GetProperty("id").GetString()}", refund.Token);
        page2.Json.GetProperty("data")[0].GetProperty("id").GetString().ShouldNotBe(newest.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_history_pages_one_entry_at_a_time_through_both_balances_of_an_event()
    {
        var charge = await app.Acme.CreateChargeReplyAsync(4_200, capture: false);
        var capture = await app.Acme.PostAsync($"/v1/charges/{charge.Id}/capture", LedgerClient.NewKey(), "{}");
        capture.Status.ShouldBe(200, capture.Text);

        // Newest first, one entry a page, until the charge's first entry: other tests' entries may
        // come between, but none twice, and the capture's two share a sequence.
        var seen = new List<(string Id, string Type, string Balance, long Amount)>();
        var path = "/v1/balance/history?limit=1";
        for (var page = 0; page < 200 && !seen.Any(e => e.Type == "charge_authorized"); page++)
        {
            var reply = await app.Acme.GetAsync(path, capture.Token);
            reply.Status.ShouldBe(200, reply.Text);
            var entry = reply.Json.GetProperty("data").EnumerateArray().Single();
            var id = entry.GetProperty("id").GetString()!;
            seen.Select(e => e.Id).ShouldNotContain(id);
            if (entry.GetProperty("source").GetString() == charge.Id)
            {
                seen.Add((id, entry.GetProperty("type").GetString()!, entry.GetProperty("balance").GetString()!, entry.GetProperty("amount").GetInt64()));
            }

            path = $"/v1/balance/history?limit=1&starting_after={id}";
        }

        seen.Select(e => (e.Type, e.Balance, e.Amount)).ShouldBe(
        [
            ("charge_captured", "pending", -4_200),
            ("charge_captured", "available", 4_200),
            ("charge_authorized", "pending", 4_200),
        ]);
        (await app.Acme.GetAsync("/v1/balance/history?starting_after=le_1_neither", capture.Token)).Status.ShouldBe(400);
    }

    [Fact]
    public async Task The_dashboard_counts_captures_and_refunds_in_their_hour_and_day()
    {
        var before = await Volume(await app.Acme.CreateChargeReplyAsync(1, capture: false, currency: "SEK"));
        var charge = await app.Acme.CreateChargeReplyAsync(1_234, currency: "SEK");
        var refund = await app.Acme.PostAsync($"/v1/charges/{charge.Id}/refunds", LedgerClient.NewKey(), """{"amount":234}""");
        var after = await Volume(refund);

        foreach (var interval in new[] { "hour", "day" })
        {
            after[interval].Count.ShouldBe(before[interval].Count + 1);
            after[interval].Gross.ShouldBe(before[interval].Gross + 1_234);
            after[interval].Refunded.ShouldBe(before[interval].Refunded + 234);
            after[interval].Net.ShouldBe(after[interval].Gross - after[interval].Refunded);
        }
    }

    [Fact]
    public async Task Another_merchants_balance_is_not_shown()
    {
        var write = await app.Acme.CreateChargeReplyAsync(1_000, currency: "NOK");
        var acme = await app.Acme.GetAsync("/v1/balance", write.Token);
        var globex = await app.Globex.GetAsync("/v1/balance", write.Token);

        acme.Text.ShouldContain("\"NOK\"");
        globex.Text.ShouldNotContain("\"NOK\"");
    }

    private async Task<(long Pending, long Available)> Balances(Reply after)
    {
        var reply = await app.Acme.GetAsync("/v1/balance", after.Token);
        reply.Status.ShouldBe(200, reply.Text);
        long Amount(string kind) => reply.Json.GetProperty(kind).EnumerateArray()
            .Where(b => b.GetProperty("currency").GetString() == "USD").Select(b => b.GetProperty("amount").GetInt64()).SingleOrDefault();
        return (Amount("pending"), Amount("available"));
    }

    // A fixed window around the test, summed over buckets, so crossing an hour boundary mid-test changes nothing.
    private readonly DateTimeOffset _windowStart = DateTimeOffset.UtcNow.AddDays(-1);
    private readonly DateTimeOffset _windowEnd = DateTimeOffset.UtcNow.AddDays(1);

    private async Task<Dictionary<string, (long Count, long Gross, long Refunded, long Net)>> Volume(Reply after)
    {
        var result = new Dictionary<string, (long, long, long, long)>();
        foreach (var interval in new[] { "hour", "day" })
        {
            var reply = await app.Acme.GetAsync(
                $"/v1/dashboard/volume?interval={interval}&from={_windowStart.ToUnixTimeSeconds()}&to={_windowEnd.ToUnixTimeSeconds()}", after.Token);
            reply.Status.ShouldBe(200, reply.Text);
            var buckets = reply.Json.GetProperty("data").EnumerateArray().Where(b => b.GetProperty("currency").GetString() == "SEK").ToList();
            long Sum(string field) => buckets.Sum(b => b.GetProperty(field).GetInt64());
            result[interval] = (Sum("count"), Sum("gross"), Sum("refunded"), Sum("net"));
        }

        return result;
    }
}
