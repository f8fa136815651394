using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Api.Auth;

/// <summary>A merchant as configured: its API keys are kept only as SHA-256 hashes.</summary>
public sealed class MerchantOptions
{
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The shard the merchant's data lives on (ShardMap); the first shard when not set.</summary>
    public string? Shard { get; init; }

    public IReadOnlyList<ApiKeyOptions> ApiKeys { get; init; } = [];
}

/// <summary>One API key: its hash and, optionally, its own rate limit.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Hex SHA-256 of the key: <c>printf %s sk_... | sha256sum</c>.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The key's limit; <c>Ledger:RateLimit</c> when not set.</summary>
    public RateLimitOptions? RateLimit { get; init; }
}

/// <summary>A token bucket per key: a sustained rate and the burst it may save up.</summary>
public sealed record RateLimitOptions
{
    public int RequestsPerSecond { get; init; } = 100;

    public int Burst { get; init; } = 200;
}

/// <summary>An authenticated key. <see cref="KeyId"/> names it in logs and metrics without revealing it.</summary>
public sealed record ApiKey(string MerchantId, string KeyId, RateLimitOptions RateLimit);

/// <summary>
/// Resolves an API key to its merchant by hash: the plain key is never stored. The hash is found
/// by an index on its first bytes, then compared whole in constant time, so response timing
/// says nothing about how close a guess was.
/// </summary>
public sealed class MerchantDirectory
{
    private const int IndexBytes = 8;
    private readonly FrozenDictionary<ulong, (byte[] Hash, ApiKey Key)[]> _keysByHashPrefix;

    public MerchantDirectory(IEnumerable<MerchantOptions> merchants, RateLimitOptions defaultLimit)
    {
        var keys = merchants.SelectMany(m => m.ApiKeys.Select(k =>
        {
            var hash = Convert.FromHexString(k.Sha256);
            if (hash.Length != SHA256.HashSizeInBytes)
            {
                throw new InvalidOperationException($"merchant {m.Id}: an ApiKeys Sha256 is not 64 hex digits");
            }

            return (Hash: hash, Key: new ApiKey(m.Id, KeyIdOf(hash), k.RateLimit ?? defaultLimit));
        }));
        _keysByHashPrefix = keys.GroupBy(k => Prefix(k.Hash)).ToFrozenDictionary(g => g.Key, g => g.ToArray());
    }

    public ApiKey? Find(string apiKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));
        if (!_keysByHashPrefix.TryGetValue(Prefix(hash), out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (CryptographicOperations.FixedTimeEquals(candidate.Hash, hash))
            {
                return candidate.Key;
            }
        }

        return null;
    }

    private static ulong Prefix(byte[] hash) => BitConverter.ToUInt64(hash, 0);

    private static string KeyIdOf(byte[] hash) => "key_" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
}
