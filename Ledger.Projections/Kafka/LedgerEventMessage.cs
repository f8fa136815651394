using System.Text.Encodings.Web;
using System.Text.Json;
using JasperFx.Events;
using Ledger.Domain;
using Marten;

namespace Ledger.Projections.Kafka;

/// <summary>
/// One committed event as it appears on the topic <c>ledger.events</c> (serialized snake_case):
/// <c>{event_id, type, stream_id, version, sequence, merchant_id, occurred_at, data}</c>.
/// Consumers de-duplicate on <see cref="EventId"/>: delivery is at least once.
/// </summary>
public sealed record LedgerEventMessage(
    Guid EventId,
    string Type,
    string StreamId,
    long Version,
    long Sequence,
    string MerchantId,
    DateTimeOffset OccurredAt,
    JsonElement Data)
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Not HTML: write "+00:00" and "é" as they are stored, not as \u002B and \u00E9.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The record value: UTF-8 JSON, snake_case; <see cref="Data"/> is copied verbatim.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Wire);

    /// <param name="serializer">Marten's serializer, so <see cref="Data"/> is the event exactly as stored.</param>
    public static LedgerEventMessage From(IEvent e, ISerializer serializer)
    {
        var data = e.Data as ILedgerEvent
            ?? throw new InvalidOperationException($"event {e.Id} ({e.EventTypeName}) is not a ledger event");
        using var json = JsonDocument.Parse(serializer.ToJson(e.Data));
        return new LedgerEventMessage(
            e.Id,
            e.EventTypeName,
            e.StreamKey ?? throw new InvalidOperationException($"event {e.Id} has no stream key"),
            e.Version,
            e.Sequence,
            data.MerchantId,
            e.Timestamp,
            json.RootElement.Clone());
    }
}
