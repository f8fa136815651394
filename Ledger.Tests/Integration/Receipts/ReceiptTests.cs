using System.Diagnostics;

namespace Ledger.Tests.Integration.Receipts;

/// <summary>Receipts leave after the money moved, off the request path, and keep trying while the receiver is away.</summary>
[Collection(nameof(LedgerAppCollection))]
public class ReceiptTests(LedgerApp app)
{
    private static readonly TimeSpan ReceiptWait = TimeSpan.FromSeconds(20);

    private static ReceiptInbox Inbox => ReceiptInbox.Shared;

    [Fact]
    public async Task A_receiver_that_is_down_delays_the_receipt_not_the_charge_and_is_retried_until_it_takes_it()
    {
        string chargeId;
        Inbox.Down = true;
        try
        {
            var timer = Stopwatch.StartNew();
            chargeId = await app.Acme.CreateChargeAsync(4_200);
            timer.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "a charge never waits for its receipt");
            await Eventually.HoldsAsync(() => Inbox.RefusedFor(chargeId) >= 2, ReceiptWait, "the dispatcher kept trying while the receiver was down");
        }
        finally
        {
            Inbox.Down = false;
        }

        await Eventually.HoldsAsync(() => Inbox.DeliveredFor(chargeId).Count == 1, ReceiptWait, "delivered once the receiver was back");
        var receipt = Inbox.DeliveredFor(chargeId).Single();
        receipt.GetProperty("kind").GetString().ShouldBe("capture");
        receipt.GetProperty("amount").GetInt64().ShouldBe(4_200);
        receipt.GetProperty("merchant_id").GetString().ShouldBe("acme");
    }

    [Fact]
    public async Task Captures_and_refunds_each_get_one_receipt_and_authorizations_none()
    {
        var captured = await app.Globex.CreateChargeAsync(9_000);
        (await app.Globex.PostAsync($"/v1/charges/{captured}/refunds", LedgerClient.NewKey(), """{"amount":2500}""")).Status.ShouldBe(201);
        var authorized = await app.Globex.CreateChargeAsync(700, capture: false);

        await Eventually.HoldsAsync(() => Inbox.DeliveredFor(captured).Count == 2, ReceiptWait, "a capture and a refund receipt");
        Inbox.DeliveredFor(captured).Select(r => (r.GetProperty("kind").GetString(), r.GetProperty("amount").GetInt64()))
            .OrderBy(r => r.Item1).ShouldBe([("capture", 9_000L), ("refund", 2_500L)]);
        await Task.Delay(500);
        Inbox.DeliveredFor(authorized).ShouldBeEmpty("no money moved to the merchant yet");
    }

    [Fact]
    public async Task A_slow_receiver_gets_receipts_several_at_a_time()
    {
        Inbox.Delay = TimeSpan.FromSeconds(1);
        try
        {
            var charges = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.Acme.CreateChargeAsync(1_000)));

            // One at a time this takes 20 s: receipts could never keep up with captures.
            await Eventually.HoldsAsync(() => charges.All(c => Inbox.DeliveredFor(c).Count == 1), TimeSpan.FromSeconds(10),
                "20 receipts to a receiver that takes a second each, delivered side by side");
        }
        finally
        {
            Inbox.Delay = TimeSpan.Zero;
        }
    }
}
