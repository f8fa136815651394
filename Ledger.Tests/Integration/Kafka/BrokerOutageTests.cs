using System.Diagnostics;
using Xunit.Abstractions;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>
/// The outbox at work: with the broker down, writes still succeed and their events wait in
/// PostgreSQL; once it is back, every one of them arrives. The local broker is in memory, so
/// after the restart the topic holds only what was sent since (or re-sent).
/// </summary>
[Collection(nameof(LedgerAppCollection))]
public sealed class BrokerOutageTests(LedgerApp app, ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Events_written_while_the_broker_is_down_arrive_after_it_is_back()
    {
        await KafkaBroker.StopAsync();
        var stopped = Stopwatch.StartNew();
        List<string> charges;
        try
        {
            charges = [.. await ChargeFlows.WriteAsync(app.Acme, charges: 3)];
            var ready = await app.Acme.GetAsync("/health/ready");
            ready.Status.ShouldBe(200, "Kafka down degrades readiness, it does not fail it");
            ready.Json.GetProperty("checks").GetProperty("kafka").GetProperty("status").GetString().ShouldBe("degraded");

            var rest = Outage - stopped.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }
        finally
        {
            await KafkaBroker.StartAsync();
        }

        var back = Stopwatch.StartNew();
        await using var topic = new TopicReader();
        var committed = await CommittedEvents.OfStreamsAsync(charges);
        committed.Count.ShouldBe(3 * 4);
        var records = await topic.WaitForEventsAsync([.. committed.Select(e => e.EventId)], TimeSpan.FromSeconds(60));
        output.WriteLine($"broker down {stopped.Elapsed - back.Elapsed:g}; {committed.Count} events written meanwhile arrived {back.Elapsed:g} after the restart");

        records.Where(r => charges.Contains(r.Key)).ShouldAllBe(r => r.TypeHeader != null);
        ChargeFlows.ShouldBeInStreamOrder(records, charges);
        (await app.Acme.GetAsync("/health/ready")).Json.GetProperty("checks").GetProperty("kafka").GetProperty("status").GetString().ShouldBe("healthy");
    }
}
