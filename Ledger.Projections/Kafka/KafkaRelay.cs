using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Projections.Storage;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Ledger.Projections.Kafka;

/// <summary>
/// Every committed ledger event, in the daemon's global sequence order, into Wolverine's durable
/// outbox. Wolverine enlists this batch's outgoing envelopes in the same transaction as the
/// subscription's progress, so an event is either recorded as relayed and in the outbox, or
/// neither: it is relayed again after a crash (at least once).
/// </summary>
public sealed class KafkaRelay : BatchSubscription
{
    public const string Name = "kafka-relay";

    /// <summary>The Kafka header that carries the event type, so consumers can route without parsing.</summary>
    public const string TypeHeader = "type";

    public KafkaRelay() : base(Name)
    {
        foreach (var type in LedgerStore.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, IMessageBus bus, CancellationToken cancellationToken)
    {
        var serializer = operations.DocumentStore.Options.Serializer();
        foreach (var e in page.Events)
        {
            var message = LedgerEventMessage.From(e, serializer);
            // The partition key becomes the Kafka record key: one stream, one partition, in order.
            await bus.PublishAsync(message, new DeliveryOptions
            {
                PartitionKey = message.StreamId,
                Headers = { [TypeHeader] = message.Type },
            });
        }
    }
}
