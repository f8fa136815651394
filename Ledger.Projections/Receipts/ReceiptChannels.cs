using System.Net.Http.Json;
using Microsoft.Extensions.Logging;

namespace Ledger.Projections.Receipts;

/// <summary>Where receipts go. Throwing means "not delivered, try again later".</summary>
public interface IReceiptChannel
{
    Task SendAsync(Receipt receipt, CancellationToken ct);
}

/// <summary>POSTs the receipt as JSON, with its id as Idempotency-Key: delivery is at least once.</summary>
public sealed class WebhookReceiptChannel(HttpClient http, Uri url) : IReceiptChannel
{
    public async Task SendAsync(Receipt receipt, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                id = receipt.Id,
                merchant_id = receipt.MerchantId,
                charge_id = receipt.ChargeId,
                kind = receipt.Kind,
                amount = receipt.Amount.Minor,
                currency = receipt.Amount.Currency,
                occurred_at = receipt.OccurredAt,
            }),
        };
        request.Headers.Add("Idempotency-Key", receipt.Id);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>Development: no receiver configured, so the receipt is written to the log.</summary>
public sealed class LogReceiptChannel(ILogger<LogReceiptChannel> logger) : IReceiptChannel
{
    public Task SendAsync(Receipt receipt, CancellationToken ct)
    {
        logger.LogInformation("receipt {ReceiptId}: {Kind} of {Amount} {Currency} on {ChargeId} for {MerchantId}",
            receipt.Id, receipt.Kind, receipt.Amount.Minor, receipt.Amount.Currency, receipt.ChargeId, receipt.MerchantId);
        return Task.CompletedTask;
    }
}
