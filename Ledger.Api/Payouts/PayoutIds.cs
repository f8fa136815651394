namespace Ledger.Api.Payouts;

public static class PayoutIds
{
    /// <summary>The payout's own stream: its Idempotency-Key's.</summary>
    public static string Payout(string recordId) => "po_" + recordId;

    /// <summary>The stream that orders one merchant's payouts in one currency.</summary>
    public static string Lane(string merchantId, string currency) => $"pl_{merchantId}_{currency}";
}
