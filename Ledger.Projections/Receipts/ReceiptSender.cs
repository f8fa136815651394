using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Receipts;

/// <summary>
/// One delivery attempt for each of a set of receipts, up to <see cref="ReceiptOptions.MaxConcurrentSends"/>
/// at a time. Each receipt comes back marked delivered, or due again after its back-off, or
/// failed for good after <see cref="ReceiptOptions.MaxAttempts"/>; the caller stores them.
/// </summary>
public sealed class ReceiptSender(IReceiptChannel channel, ReceiptOptions options, TimeProvider clock, ILogger<ReceiptSender> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task SendAsync(IReadOnlyCollection<Receipt> receipts, CancellationToken ct) =>
        await Parallel.ForEachAsync(receipts, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentSends, CancellationToken = ct },
            async (receipt, token) => await AttemptAsync(receipt, token));

    private async Task AttemptAsync(Receipt receipt, CancellationToken ct)
    {
        receipt.Attempts++;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            await channel.SendAsync(receipt, timeout.Token);
            receipt.Status = ReceiptStatus.Delivered;
            receipt.DeliveredAt = clock.GetUtcNow();
            receipt.LastError = null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            receipt.LastError = e.Message;
            receipt.NextAttemptAt = clock.GetUtcNow() + options.DelayAfter(receipt.Attempts);
            if (receipt.Attempts >= options.MaxAttempts)
            {
                receipt.Status = ReceiptStatus.Failed;
                logger.LogError("receipt {ReceiptId} for {ChargeId} failed {Attempts} times; left for an operator: {Error}",
                    receipt.Id, receipt.ChargeId, receipt.Attempts, e.Message);
            }
        }
    }
}
