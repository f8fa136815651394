using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using Marten;
using Marten.Subscriptions;

namespace Ledger.Projections.Receipts;

/// <summary>
/// Turns captures and refunds into pending receipts. The daemon commits the receipts together
/// with this subscription's progress, so each event gives exactly one receipt, even across
/// restarts; sending them is the dispatcher's job, outside the daemon.
/// </summary>
public sealed class ReceiptSubscription : SubscriptionBase
{
    public const string SubscriptionName = "receipts";

    public ReceiptSubscription()
    {
        Name = SubscriptionName;
        // Turning receipts on for an existing ledger must not mail its whole history: the first
        // run pins a floor at the current high water, and every later start resumes from its
        // progress, so an outage of the worker loses no receipt.
        Options.SubscribeFromFirstRun();
        IncludeType<ChargeCaptured>();
        IncludeType<ChargeRefunded>();
    }

    public override Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        foreach (var e in page.Events)
        {
            var receipt = e.Data switch
            {
                ChargeCaptured c => New(e.Id, c.MerchantId, c.ChargeId, "capture", c.Amount, c.At),
                ChargeRefunded r => New(e.Id, r.MerchantId, r.ChargeId, "refund", r.Amount, r.At),
                _ => null,
            };
            if (receipt is not null)
            {
                // Upsert: should a page ever be read twice, the receipt is owed again, not lost
                // (receivers de-duplicate on its id, sent as Idempotency-Key).
                operations.Store(receipt);
            }
        }

        return Task.FromResult<IChangeListener>(NullChangeListener.Instance);
    }

    private static Receipt New(Guid eventId, string merchantId, string chargeId, string kind, Money amount, DateTimeOffset at) => new()
    {
        Id = $"rc_{eventId:N}",
        MerchantId = merchantId,
        ChargeId = chargeId,
        Kind = kind,
        Amount = amount,
        OccurredAt = at,
        NextAttemptAt = at,
    };
}
