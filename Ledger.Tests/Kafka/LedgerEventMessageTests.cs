using System.Text;
using System.Text.Json;
using JasperFx.Events;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using Ledger.Domain.Postings;
using Ledger.Projections.Kafka;
using Ledger.Projections.Storage;
using Marten;

namespace Ledger.Tests.Kafka;

/// <summary>The record value on ledger.events, byte for byte where consumers care.</summary>
public class LedgerEventMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 10, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_value_is_snake_case_json_with_the_event_data_as_marten_stores_it()
    {
        var refund = new ChargeRefunded("ch_1", "acme", "re_1", new Money(250, "EUR"), At,
            Posting.Transfer(new Money(250, "EUR"), "merchant:acme:available", "clearing"));
        var e = new Event<ChargeRefunded>(refund)
        {
            Id = Guid.Parse("0b6c5f0e-4f7b-4a53-9a53-1b2f3c4d5e6f"),
            EventTypeName = "charge_refunded",
            StreamKey = "ch_1",
            Version = 3,
            Sequence = 42,
            Timestamp = At,
        };
        var options = new StoreOptions();
        LedgerStore.Configure(options);
        var serializer = options.Serializer();

        var json = Encoding.UTF8.GetString(LedgerEventMessage.From(e, serializer).ToJsonBytes());

        json.ShouldStartWith("""{"event_id":"0b6c5f0e-4f7b-4a53-9a53-1b2f3c4d5e6f","type":"charge_refunded","stream_id":"ch_1","version":3,"sequence":42,"merchant_id":"acme","occurred_at":"2026-11-27T10:30:00+00:00","data":{""");
        json.ShouldNotContain("\\u002B");
        using var value = JsonDocument.Parse(json);
        using var stored = JsonDocument.Parse(serializer.ToJson(refund));
        JsonElement.DeepEquals(value.RootElement.GetProperty("data"), stored.RootElement).ShouldBeTrue();
        value.RootElement.GetProperty("data").GetProperty("refund_id").GetString().ShouldBe("re_1");
    }
}
