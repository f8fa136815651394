using Ledger.Projections.Worker;
using Xunit.Abstractions;

namespace Ledger.Tests.Integration.Reads;

[Collection(nameof(LedgerAppCollection))]
public class WorkerRestartTests(LedgerApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Writes_made_while_the_worker_is_down_reach_the_read_models_once_it_is_back()
    {
        var before = await app.Acme.CreateChargeReplyAsync(1_000);
        await app.Acme.GetAsync($"/v1/charges/{before.Id}", before.Token);

        await app.StopWorkerAsync();
        var whileDown = new List<Reply>();
        for (var i = 0; i < 10; i++)
        {
            var charge = await app.Acme.CreateChargeReplyAsync(1_000 + i);
            whileDown.Add(await app.Acme.PostAsync($"/v1/charges/{charge.Id}/refunds", LedgerClient.NewKey(), """{"amount":100}"""));
        }

        var stale = await app.Acme.GetAsync($"/v1/charges/{whileDown[0].Json.GetProperty("charge").GetString()}");
        stale.Status.ShouldBe(404, "the read model cannot know a charge while its worker is down");
        await app.StartWorkerAsync();

        foreach (var refund in whileDown)
        {
            var read = await app.Acme.GetAsync($"/v1/charges/{refund.Json.GetProperty("charge").GetString()}", refund.Token);
            read.Status.ShouldBe(200);
            read.Json.GetProperty("amount_refunded").GetInt64().ShouldBe(100);
            read.Json.GetProperty("refunds").GetArrayLength().ShouldBe(1);
        }

        output.WriteLine($"caught up {whileDown.Count * 3} events after a restart");
    }

    [Fact]
    public async Task Reads_with_a_token_wait_briefly_for_the_replica()
    {
        // The 1 s wait is for a worker in step. An earlier test's burst (the payouts' overdraft storm)
        // can leave it seconds behind on two shared cores, so let it catch up first.
        var settle = await app.Acme.CreateChargeReplyAsync(99);
        await Eventually.HoldsAsync(async () => (await app.Acme.GetAsync($"/v1/charges/{settle.Id}")).Status == 200,
            TimeSpan.FromSeconds(30), "the read side caught up with the writes before it");

        var waits = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var created = await app.Acme.CreateChargeReplyAsync(100 + i);
            var read = await app.Acme.GetAsync($"/v1/charges/{created.Id}", created.Token);
            read.Status.ShouldBe(200);
            // Says which pair fell back and after how long, should the replica ever lag past the wait.
            read.Headers["Ledger-Read-Source"].ShouldBe("replica",
                $"pair {i + 1} of 30 waited {read.Headers.GetValueOrDefault("Ledger-Consistency-Wait-Ms", "?")} ms");
            waits.Add(long.Parse(read.Headers["Ledger-Consistency-Wait-Ms"], System.Globalization.CultureInfo.InvariantCulture));
        }

        waits.Sort();
        output.WriteLine($"consistency waits (ms) over {waits.Count} write-then-read pairs: p50 {waits[waits.Count / 2]}, max {waits[^1]}");
        waits[^1].ShouldBeLessThan((long)Ledger.Api.Reads.ConsistentReader.ReplicaWait.TotalMilliseconds);
    }
}
