namespace Ledger.Tests.Integration.Kafka;

/// <summary>
/// Stopping the worker loses nothing: what was written meanwhile is projected once and relayed
/// once the new worker starts (Kafka may see a batch twice, read models never).
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public sealed class WorkerRestartTests(LedgerApp app)
{
    [Fact]
    public async Task Events_written_while_the_worker_is_stopped_are_projected_once_and_relayed_after_it_restarts()
    {
        await app.StopWorkerAsync();
        IReadOnlyList<string> charges;
        try
        {
            charges = await ChargeFlows.WriteAsync(app.Acme, charges: 2);
        }
        finally
        {
            await app.StartWorkerAsync();
        }

        await using var topic = new TopicReader();
        var committed = await CommittedEvents.OfStreamsAsync(charges);
        var records = await topic.WaitForEventsAsync([.. committed.Select(e => e.EventId)], TimeSpan.FromSeconds(30));
        ChargeFlows.ShouldBeInStreamOrder(records, charges);

        var last = await app.Acme.PostAsync($"/v1/charges/{charges[^1]}/refunds", LedgerClient.NewKey(), """{"amount":500}""");
        foreach (var id in charges)
        {
            var charge = (await app.Acme.GetAsync($"/v1/charges/{id}", last.Token)).Json;
            charge.GetProperty("amount_refunded").GetInt64().ShouldBe(id == charges[^1] ? 3500 : 3000);
            charge.GetProperty("refunds").GetArrayLength().ShouldBe(id == charges[^1] ? 3 : 2);
        }
    }
}
