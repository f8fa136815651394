namespace Ledger.Domain.Postings;

/// <summary>
/// The chart of accounts. Merchant accounts are liabilities (what we owe the merchant): a credit
/// raises them. Clearing is the card network's side: money on its way in or back out.
/// </summary>
public static class Accounts
{
    public const string Clearing = "clearing";

    /// <summary>Money on its way to merchants' bank accounts.</summary>
    public const string Payouts = "payouts";

    /// <summary>Authorized but not yet captured: held for the merchant, not yet theirs to pay out.</summary>
    public static string MerchantPending(string merchantId) => $"merchant:{merchantId}:pending";

    /// <summary>Captured funds the merchant can refund from or pay out.</summary>
    public static string MerchantAvailable(string merchantId) => $"merchant:{merchantId}:available";
}
