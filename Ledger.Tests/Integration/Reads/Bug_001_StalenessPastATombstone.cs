namespace Ledger.Tests.Integration.Reads;

/// <summary>
/// A failed append leaves a tombstone event with an infinite timestamp; when it was the next event
/// a projection had to apply, every read without a token answered 500 ("cannot subtract infinite
/// timestamps") while working out how stale it was.
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public class Bug_001_StalenessPastATombstone(LedgerApp app)
{
    [Fact]
    public async Task Reads_say_how_stale_they_are_when_the_next_event_is_a_tombstone()
    {
        var taken = await app.Acme.CreateChargeReplyAsync();
        await app.Acme.GetAsync("/v1/balance", taken.Token); // projections caught up
        await app.StopWorkerAsync();
        try
        {
            // What Marten writes for a sequence number a failed transaction burned: a tombstone with
            // an infinite timestamp. Written here exactly so, as the next event after the projections.
            await Written.TombstoneNext();

            foreach (var path in new[] { $"/v1/charges/{taken.Id}", "/v1/charges?limit=1", "/v1/balance", "/v1/dashboard/volume" })
            {
                var read = await app.Acme.GetAsync(path);
                read.Status.ShouldBe(200, $"{path}: {read.Text}");
                read.Headers.ShouldContainKey("Ledger-Staleness-Ms");
            }
        }
        finally
        {
            await app.StartWorkerAsync();
        }
    }
}
