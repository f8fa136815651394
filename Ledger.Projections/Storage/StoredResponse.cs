namespace Ledger.Projections.Storage;

/// <summary>
/// The durable copy of a POST's response, written in the same transaction as its events and kept
/// forever: Redis only caches it. <see cref="Id"/> is derived from merchant and Idempotency-Key, so a
/// second request under the same key, of any kind, collides on it.
/// </summary>
public sealed class StoredResponse
{
    public required string Id { get; init; }

    public required string MerchantId { get; init; }

    /// <summary>SHA-256 (hex) of method, path and body of the request that produced the response.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>
    /// Usually a success; a stored 4xx is a refusal that must stay a refusal on retry (a payout
    /// refused for insufficient funds), replayed as problem+json.
    /// </summary>
    public required int StatusCode { get; init; }

    /// <summary>The response body exactly as sent (UTF-8 JSON kept as a string, so it replays byte for byte).</summary>
    public required string Body { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}
