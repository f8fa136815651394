using Ledger.Api.Sharding;
using Ledger.Domain;
using Ledger.Domain.Charges;
using Marten;

namespace Ledger.Api.Charges;

/// <summary>A charge folded from its stream on the primary, with the version a follow-up must append at.</summary>
public sealed record LoadedCharge(Charge Charge, long Version);

public sealed class ChargeReader(ShardMap shards)
{
    /// <summary>The merchant's charge, or null: unknown ids and other merchants' charges look the same (404).</summary>
    public async Task<LoadedCharge?> LoadAsync(string? chargeId, string merchantId, CancellationToken ct)
    {
        if (!ChargeIds.LooksLikeCharge(chargeId))
        {
            return null;
        }

        await using var session = shards.For(merchantId).Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(chargeId!, token: ct);
        var charge = Charge.Fold(events.Select(e => e.Data).OfType<ILedgerEvent>());
        return charge is null || charge.MerchantId != merchantId ? null : new LoadedCharge(charge, events[^1].Version);
    }
}
