using System.Text;
using Confluent.Kafka;
using Wolverine;
using Wolverine.Kafka;

namespace Ledger.Projections.Kafka;

/// <summary>
/// Writes a <see cref="LedgerEventMessage"/> envelope as a plain Kafka record: key = stream id,
/// value = the JSON body, one header <c>type</c>. Wolverine's own raw-JSON mapper
/// (<c>PublishRawJson</c>) keys records by the envelope's group id, not its partition key, and
/// writes no headers, so it can't meet the contract on its own.
/// </summary>
public sealed class LedgerEventMapper : IKafkaEnvelopeMapper
{
    public void MapEnvelopeToOutgoing(Envelope envelope, Message<string, byte[]> outgoing)
    {
        // Wolverine already set Key from the partition key; say so loudly if it ever did not.
        outgoing.Key = envelope.PartitionKey
            ?? throw new InvalidOperationException($"envelope {envelope.Id} has no partition key (stream id)");
        outgoing.Value = envelope.Data is { Length: > 0 } data
            ? data
            : throw new InvalidOperationException($"envelope {envelope.Id} has no serialized body");
        outgoing.Headers ??= [];
        if (envelope.Headers.TryGetValue(KafkaRelay.TypeHeader, out var type) && type is not null)
        {
            outgoing.Headers.Add(KafkaRelay.TypeHeader, Encoding.UTF8.GetBytes(type));
        }
    }

    /// <summary>The worker only publishes to <c>ledger.events</c>; it never listens to it.</summary>
    public void MapIncomingToEnvelope(Envelope envelope, Message<string, byte[]> incoming) =>
        throw new NotSupportedException("the Ledger worker does not consume ledger.events");
}
