using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Domain.Amounts;
using Ledger.Domain.Charges;
using Marten;
using Marten.Subscriptions;

namespace Ledger.Projections.Receipts;

/// <summary>
/// Turns captures and refunds into receipts and makes the first delivery attempt at once. The
/// daemon commits the receipts, delivered or due again, together with this subscription's
/// progress, so each event gives exactly one receipt row, even across restarts (a page read again
/// is sent again: delivery is at least once). Retries are the dispatcher's job, outside the daemon.
/// A receiver that answers costs one row per receipt; one that is down, a row and a retry.
/// </summary>
public sealed class ReceiptSubscription : SubscriptionBase
{
    public const string SubscriptionName = "receipts";
    private readonly ReceiptSender _sender;

    public ReceiptSubscription(ReceiptSender sender)
    {
        _sender = sender;
        Name = SubscriptionName;
        // Turning receipts on for an existing ledger must not mail its whole history: the first
        // run pins a floor at the current high water, and every later start resumes from its
        // progress, so an outage of the worker loses no receipt.
        Options.SubscribeFromFirstRun();
        IncludeType<ChargeCaptured>();
        IncludeType<ChargeRefunded>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var receipts = page.Events.Select(e => e.Data switch
        {
            ChargeCaptured c => New(e.Id, c.MerchantId, c.ChargeId, "capture", c.Amount, c.At),
            ChargeRefunded r => New(e.Id, r.MerchantId, r.ChargeId, "refund", r.Amount, r.At),
            _ => null,
        }).OfType<Receipt>().ToList();
        await _sender.SendAsync(receipts, cancellationToken);
        // Should a page ever be read twice, each receipt is recorded again, not doubled
        // (receivers de-duplicate on its id, sent as Idempotency-Key).
        ReceiptTable.Queue(operations, receipts);

        return NullChangeListener.Instance;
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
