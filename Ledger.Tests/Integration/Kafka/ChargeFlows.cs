namespace Ledger.Tests.Integration.Kafka;

/// <summary>Writes a few charges through the API and checks the order their events arrive in.</summary>
public static class ChargeFlows
{
    /// <summary>Per charge: authorize, capture part, refund twice (4 events in the charge's stream).</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(LedgerClient client, int charges)
    {
        var ids = new List<string>();
        for (var i = 0; i < charges; i++)
        {
            var id = await client.CreateChargeAsync(10_000, capture: false);
            (await client.PostAsync($"/v1/charges/{id}/capture", LedgerClient.NewKey(), """{"amount":6000}""")).Status.ShouldBe(200);
            (await client.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":1000}""")).Status.ShouldBe(201);
            (await client.PostAsync($"/v1/charges/{id}/refunds", LedgerClient.NewKey(), """{"amount":2000}""")).Status.ShouldBe(201);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>
    /// Within each partition, the first copy of each event of a stream comes in version order.
    /// (At least once: a redelivered copy may follow; consumers skip it by event_id.)
    /// </summary>
    public static void ShouldBeInStreamOrder(IReadOnlyList<Record> records, IReadOnlyCollection<string> streamIds)
    {
        var ours = records.Where(r => streamIds.Contains(r.Key)).ToList();
        ours.GroupBy(r => r.Key).ShouldAllBe(stream => stream.Select(r => r.Partition).Distinct().Count() == 1);
        foreach (var stream in ours.GroupBy(r => r.Key))
        {
            var firstSeen = stream.OrderBy(r => r.Offset).DistinctBy(r => r.EventId).Select(r => r.Version).ToList();
            firstSeen.ShouldBe(firstSeen.Order().ToList(), $"versions of stream {stream.Key} in partition order");
        }
    }
}
