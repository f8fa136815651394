using System.Text.Json;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>Every committed event reaches ledger.events, keyed by stream, in stream order (contract "Kafka").</summary>
[Collection(nameof(LedgerAppCollection))]
public sealed class KafkaFanOutTests(LedgerApp app)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_event_of_a_charge_reaches_the_topic_keyed_by_stream_with_its_type_and_fields()
    {
        await using var topic = new TopicReader();
        var charges = await ChargeFlows.WriteAsync(app.Acme, charges: 4);

        var committed = await CommittedEvents.OfStreamsAsync(charges);
        committed.Count.ShouldBe(4 * 4);
        var records = await topic.WaitForEventsAsync([.. committed.Select(e => e.EventId)], Delivery);

        foreach (var e in committed)
        {
            var record = records.First(r => r.EventId == e.EventId);
            record.Key.ShouldBe(e.StreamId);
            record.TypeHeader.ShouldBe(e.Type);
            var json = record.Value;
            json.GetProperty("type").GetString().ShouldBe(e.Type);
            json.GetProperty("stream_id").GetString().ShouldBe(e.StreamId);
            json.GetProperty("version").GetInt64().ShouldBe(e.Version);
            json.GetProperty("sequence").GetInt64().ShouldBe(e.Sequence);
            json.GetProperty("merchant_id").GetString().ShouldBe("acme");
            json.GetProperty("occurred_at").GetDateTimeOffset().ShouldBe(e.Timestamp, TimeSpan.FromMilliseconds(1));
            JsonElement.DeepEquals(json.GetProperty("data"), e.Data).ShouldBeTrue($"data of {e.Type}: {json.GetProperty("data")} vs {e.Data}");
        }

        committed.Select(e => e.Type).Distinct().Order().ShouldBe(["charge_authorized", "charge_captured", "charge_refunded"]);
        ChargeFlows.ShouldBeInStreamOrder(records, charges);
    }

    [Fact]
    public async Task Readiness_checks_kafka()
    {
        var ready = await app.Acme.GetAsync("/health/ready");
        ready.Json.GetProperty("checks").GetProperty("kafka").GetProperty("status").GetString().ShouldBe("healthy");
    }
}
