namespace Ledger.Projections.Balances;

/// <summary>A merchant's balances in one currency, as the postings left them (minor units).</summary>
public sealed class MerchantBalance
{
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    public required string Currency { get; init; }

    /// <summary>Authorized, not yet captured or released.</summary>
    public long Pending { get; set; }

    /// <summary>Captured, less refunds and payouts.</summary>
    public long Available { get; set; }

    /// <summary>The last event folded in: replaying older events changes nothing.</summary>
    public long LastSequence { get; set; }

    public static string IdFor(string merchantId, string currency) => $"{merchantId}:{currency}";
}
