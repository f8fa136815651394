namespace Ledger.Load.Traffic;

/// <summary>A demo merchant (seeded by the API's development config) and its newest write's token.</summary>
internal sealed class Merchant(string id, string apiKey)
{
    /// <summary>The two merchants every development database has (ARCHITECTURE.md, "Auth").</summary>
    public static IReadOnlyList<Merchant> Demo() => [new("acme", "sk_test_acme"), new("globex", "sk_test_globex")];

    public string Id { get; } = id;

    public string ApiKey { get; } = apiKey;

    /// <summary>Ledger-Consistency-Token of a recent committed write, for balance reads that must see it.</summary>
    public string? LastToken { get; set; }
}

/// <summary>
/// A charge this run created. Capture and refund take it out of its pool while their request is
/// out, so two operations never race on one charge (a lost race is the API's business, tested
/// elsewhere; here it would only add refusals that say nothing about load).
/// </summary>
internal sealed class KnownCharge(string id, Merchant merchant, string currency, long amount)
{
    public string Id { get; } = id;

    public Merchant Merchant { get; } = merchant;

    public string Currency { get; } = currency;

    public long Amount { get; } = amount;

    public long Captured { get; set; }

    public long Refunded { get; set; }

    /// <summary>Token of the newest write to this charge: a read sending it must find the charge.</summary>
    public string? Token { get; set; }
}

/// <summary>A committed POST, kept to be sent again (same key, same body) and compared byte for byte.</summary>
internal sealed record SentWrite(Merchant Merchant, string Path, string Key, byte[] Body, int Status, byte[] ResponseBody);
