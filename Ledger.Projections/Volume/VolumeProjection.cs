using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Domain.Charges;
using Ledger.Projections.Storage;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Projections.Volume;

/// <summary>
/// Dashboard buckets: every capture and refund counts in its UTC hour and its UTC day. Buckets
/// remember the last sequence they folded in, so a replayed batch changes nothing.
/// </summary>
public sealed class VolumeProjection : IProjection
{
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var counted = events.Where(e => e.Data is ChargeCaptured or ChargeRefunded).ToList();
        if (counted.Count == 0)
        {
            return;
        }

        var ids = counted.SelectMany(e => Buckets(e.Data).Select(b => b.Id)).Distinct().ToArray();
        var buckets = (await operations.LoadManyAsync<VolumeBucket>(cancellation, ids)).ToDictionary(b => b.Id);
        var touched = new Dictionary<string, VolumeBucket>();
        foreach (var e in counted)
        {
            foreach (var fresh in Buckets(e.Data))
            {
                var bucket = buckets.GetValueOrDefault(fresh.Id) ?? (buckets[fresh.Id] = fresh);
                if (bucket.LastSequence >= e.Sequence)
                {
                    continue; // folded in by an earlier run
                }

                bucket.Add(e.Data);
                bucket.LastSequence = e.Sequence;
                touched[bucket.Id] = bucket;
            }
        }

        foreach (var bucket in touched.Values)
        {
            operations.Store(bucket);
        }
    }

    private static IEnumerable<VolumeBucket> Buckets(object e) => e switch
    {
        ChargeCaptured c => VolumeBucket.For(c.MerchantId, c.Amount.Currency, c.At),
        ChargeRefunded r => VolumeBucket.For(r.MerchantId, r.Amount.Currency, r.At),
        _ => [],
    };
}
