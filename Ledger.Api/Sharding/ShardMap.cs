using System.Collections.Frozen;
using Ledger.Api.Auth;
using Ledger.Api.Writes;

namespace Ledger.Api.Sharding;

/// <summary>
/// Which shard each merchant lives on. The assignment is explicit (configuration), so adding a
/// shard moves no existing merchant: new merchants are placed on it when they are onboarded.
/// A merchant with no shard named lives on the first one.
/// </summary>
public sealed class ShardMap : IAsyncDisposable
{
    private readonly FrozenDictionary<string, Shard> _byMerchant;

    public ShardMap(IReadOnlyList<ShardOptions> shards, IEnumerable<MerchantOptions> merchants, GroupCommitOptions? groupCommit,
        ILoggerFactory loggers, int cachedViews = 0)
    {
        if (shards.Count == 0)
        {
            throw new InvalidOperationException("no shards configured (Shards:0:Id, :Write, :Read)");
        }

        All = [.. shards.Select(s => new Shard(s, groupCommit, cachedViews, loggers))];
        var byId = All.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _byMerchant = merchants.ToFrozenDictionary(
            m => m.Id,
            m => m.Shard is null ? All[0]
                : byId.GetValueOrDefault(m.Shard) ?? throw new InvalidOperationException($"merchant {m.Id} is on unknown shard {m.Shard}"),
            StringComparer.Ordinal);
    }

    public IReadOnlyList<Shard> All { get; }

    /// <summary>The merchant's shard; merchants are known once authenticated.</summary>
    public Shard For(string merchantId) =>
        _byMerchant.GetValueOrDefault(merchantId) ?? throw new InvalidOperationException($"merchant {merchantId} has no shard");

    public async ValueTask DisposeAsync()
    {
        foreach (var shard in All)
        {
            await shard.DisposeAsync();
        }
    }
}
