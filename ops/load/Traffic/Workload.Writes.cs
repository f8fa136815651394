using System.Text.Json;
using Ledger.Load.Http;
using Ledger.Load.Scheduling;

namespace Ledger.Load.Traffic;

internal sealed partial class Workload
{
    /// <summary>A charge about to be sent, remembered so its answer can join the book.</summary>
    private sealed record ChargeOrder(Merchant Merchant, string Currency, long Amount, ApiRequest Request);

    private ChargeOrder NewCharge(bool? capture)
    {
        var merchant = AnyMerchant();
        var currency = AnyCurrency();
        var amount = Random.Shared.NextInt64(100, 50_000);
        var now = (capture ?? !Chance(options.AuthorizeOnlyPercent)) ? "true" : "false";
        return new ChargeOrder(merchant, currency, amount, Post(merchant, "/v1/charges", NewKey("ch"),
            $$$"""{"amount":{{{amount}}},"currency":"{{{currency}}}","capture":{{{now}}},"description":"load test","metadata":{"run":"{{{runId}}}"}}"""));
    }

    private async Task ChargeAsync(Arrival arrival, bool? capture)
    {
        var order = NewCharge(capture);
        Created(arrival, order, await SendAsync(arrival, "charge", order.Request));
    }

    /// <summary>Captures a charge made with capture=false, all of it or half; with none at hand, makes one.</summary>
    private async Task CaptureAsync(Arrival arrival)
    {
        if (!_book.TryTakeAuthorized(out var charge))
        {
            await ChargeAsync(arrival, capture: false);
            return;
        }

        var half = Chance(25) ? Math.Max(1, charge.Amount / 2) : (long?)null;
        var request = half is { } amount
            ? Post(charge.Merchant, $"/v1/charges/{charge.Id}/capture", NewKey("cap"), $$"""{"amount":{{amount}}}""")
            : Post(charge.Merchant, $"/v1/charges/{charge.Id}/capture", NewKey("cap"), $"{{}}");
        var outcome = await SendAsync(arrival, "capture", request);
        if (!outcome.IsSuccess)
        {
            return; // refused or unknown: the charge leaves the book
        }

        Committed(arrival, charge.Merchant, request, outcome, charge: false);
        charge.Captured = AmountCaptured(outcome.Body) ?? half ?? charge.Amount;
        charge.Token = outcome.ConsistencyToken ?? charge.Token;
        _book.Refundable(charge);
    }

    /// <summary>Refunds a third of what was captured (partial refunds add up); with nothing to refund, makes a charge.</summary>
    private async Task RefundAsync(Arrival arrival)
    {
        if (!_book.TryTakeRefundable(out var charge))
        {
            await ChargeAsync(arrival, capture: true);
            return;
        }

        var amount = Math.Min(charge.Captured - charge.Refunded, Math.Max(1, charge.Captured / 3));
        var request = Post(charge.Merchant, $"/v1/charges/{charge.Id}/refunds", NewKey("re"), $$"""{"amount":{{amount}}}""");
        var outcome = await SendAsync(arrival, "refund", request);
        if (!outcome.IsSuccess)
        {
            return;
        }

        Committed(arrival, charge.Merchant, request, outcome, charge: false);
        charge.Refunded += amount;
        charge.Token = outcome.ConsistencyToken ?? charge.Token;
        _book.Refundable(charge);
    }

    /// <summary>A small payout; a refusal for insufficient funds is an answer, not an error of the API.</summary>
    private async Task PayoutAsync(Arrival arrival)
    {
        var merchant = AnyMerchant();
        var request = Post(merchant, "/v1/payouts", NewKey("po"),
            $$"""{"amount":{{Random.Shared.Next(1, 500)}},"currency":"{{AnyCurrency()}}"}""");
        var outcome = await SendAsync(arrival, "payout", request);
        if (outcome.IsSuccess && !outcome.Replayed)
        {
            Committed(arrival, merchant, request, outcome, charge: false);
        }
    }

    /// <summary>A new charge's answer: count it and offer the charge for captures, refunds and reads.</summary>
    private void Created(Arrival arrival, ChargeOrder order, ApiOutcome outcome)
    {
        if (!outcome.IsSuccess || outcome.Replayed)
        {
            return;
        }

        Committed(arrival, order.Merchant, order.Request, outcome, charge: true);
        if (ChargeId(outcome.Body) is not { } id)
        {
            return;
        }

        var charge = new KnownCharge(id, order.Merchant, order.Currency, order.Amount)
        {
            Captured = AmountCaptured(outcome.Body) ?? 0,
            Token = outcome.ConsistencyToken,
        };
        _book.Recent.Add(charge);
        if (charge.Captured > 0)
        {
            _book.Refundable(charge);
        }
        else
        {
            _book.Authorized(charge);
        }
    }

    private void Committed(Arrival arrival, Merchant merchant, ApiRequest request, ApiOutcome outcome, bool charge)
    {
        results.TallyOf(arrival).Committed(charge);
        _book.Writes.Add(new SentWrite(merchant, request.Path, request.IdempotencyKey!, request.Body!, outcome.Status, outcome.Body));
        merchant.LastToken = outcome.ConsistencyToken ?? merchant.LastToken;
    }

    private static string? ChargeId(byte[] body) =>
        Property(body, "id") is { ValueKind: JsonValueKind.String } id ? id.GetString() : null;

    private static long? AmountCaptured(byte[] body) =>
        Property(body, "amount_captured") is { ValueKind: JsonValueKind.Number } n ? n.GetInt64() : null;

    private static JsonElement? Property(byte[] body, string name)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value)
                ? value.Clone()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
