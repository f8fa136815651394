using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Projections.Storage;
using Marten;
using Marten.Subscriptions;

namespace Ledger.Projections.Kafka;

/// <summary>
/// Every committed ledger event to Kafka, in the daemon's global sequence order. The event table
/// is the outbox: the daemon records this subscription's progress only after the batch returns,
/// and the batch returns only when the broker has acknowledged every record of it. A crash or an
/// outage in between means the batch is sent again from its start: at least once, and the first
/// copy of each event of a stream always arrives in version order.
/// </summary>
public sealed class KafkaRelay : SubscriptionBase
{
    public const string SubscriptionName = "kafka-relay";
    private readonly LedgerEventProducer _producer;

    public KafkaRelay(LedgerEventProducer producer)
    {
        _producer = producer;
        Name = SubscriptionName;
        foreach (var type in LedgerStore.EventTypes)
        {
            IncludeType(type);
        }
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var serializer = operations.DocumentStore.Options.Serializer();
        var messages = page.Events.Select(e => LedgerEventMessage.From(e, serializer)).ToList();
        // Waits out a broker outage: nothing is recorded as relayed until Kafka has it.
        await _producer.PublishAsync(messages, cancellationToken);
        return NullChangeListener.Instance;
    }
}
