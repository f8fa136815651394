using Ledger.Projections.Reconciliation;
using Npgsql;

namespace Ledger.Tests.Integration.Reconciliation;

/// <summary>The reconciler against the real shards, the real worker and the real broker.</summary>
[Collection(nameof(LedgerAppCollection))]
public class ReconciliationTests(LedgerApp app)
{
    // The local broker is in memory and other tests restart it: look on Kafka only for events
    // from this test on (the relay re-sends nothing it already delivered to an earlier broker).
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    [Fact]
    public async Task After_charges_captures_and_refunds_every_shard_agrees_with_its_events_and_with_kafka()
    {
        foreach (var client in new[] { app.Acme, app.Globex })
        {
            var id = await client.CreateChargeAsync(5_000);
            (await client.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":1200}""")).Status.ShouldBe(201);
            await client.CreateChargeReplyAsync(700, capture: false);
        }

        foreach (var shard in TestEnvironment.AllShards)
        {
            var output = new StringWriter();
            var report = await new Reconciler(TestEnvironment.Direct(shard), TestEnvironment.Kafka, output)
                .RunAsync(_started, TimeSpan.FromSeconds(30), CancellationToken.None);

            report.Differences.ShouldBeEmpty($"shard{shard}: {output}");
            report.Passed.ShouldContain(p => p.StartsWith("kafka: all ", StringComparison.Ordinal) && !p.StartsWith("kafka: all 0 ", StringComparison.Ordinal));
            report.Passed.ShouldContain(p => p.StartsWith("charges: ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_read_model_that_disagrees_with_its_events_is_reported_with_both_sides()
    {
        var charge = await app.Acme.CreateChargeReplyAsync(1_234, capture: false);
        (await app.Acme.GetAsync($"/v1/charges/{charge.Id}", charge.Token)).Status.ShouldBe(200);
        var shard = TestEnvironment.ShardOf("acme");
        await SetViewStatusAsync(shard, charge.Id!, "captured");
        try
        {
            var report = await new Reconciler(TestEnvironment.Direct(shard), null, TextWriter.Null)
                .RunAsync(null, TimeSpan.FromSeconds(30), CancellationToken.None);

            report.Agrees.ShouldBeFalse();
            report.Differences.ShouldContain(d => d.Contains(charge.Id!, StringComparison.Ordinal)
                && d.Contains("events give authorized 1234 USD", StringComparison.Ordinal)
                && d.Contains("read model has captured", StringComparison.Ordinal));
        }
        finally
        {
            await SetViewStatusAsync(shard, charge.Id!, "authorized");
        }
    }

    private static async Task SetViewStatusAsync(int shard, string chargeId, string status)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Direct(shard));
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand(
            "update ledger.charge_views set body = jsonb_set(body::jsonb, '{status}', to_jsonb($1::text))::text, status = $1 where id = $2",
            connection);
        update.Parameters.AddWithValue(status);
        update.Parameters.AddWithValue(chargeId);
        (await update.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
