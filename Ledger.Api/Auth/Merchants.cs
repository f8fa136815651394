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

    /// <summary>Hex SHA-256 of each API key: <c>printf %s sk_... | sha256sum</c>.</summary>
    public IReadOnlyList<string> ApiKeySha256 { get; init; } = [];
}

/// <summary>Resolves an API key to its merchant by hash: the plain key is never stored or compared.</summary>
public sealed class MerchantDirectory
{
    private readonly FrozenDictionary<string, string> _merchantByKeyHash;

    public MerchantDirectory(IEnumerable<MerchantOptions> merchants) =>
        _merchantByKeyHash = merchants
            .SelectMany(m => m.ApiKeySha256.Select(hash => (Hash: hash.ToLowerInvariant(), m.Id)))
            .ToFrozenDictionary(x => x.Hash, x => x.Id, StringComparer.Ordinal);

    public string? FindMerchant(string apiKey)
    {
        // Looking up the hash of the key (not the key) keeps the comparison independent of how many
        // leading characters a guess gets right.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
        return _merchantByKeyHash.GetValueOrDefault(hash);
    }
}
