using Ledger.Projections.Balances;
using Ledger.Projections.Volume;
using Marten;

namespace Ledger.Projections.Storage;

/// <summary>
/// The read models' duplicated columns and their indexes: one index per query shape, no more,
/// since every index is written (and replayed by the replica) for every row the worker stores.
/// </summary>
public static class ReadModelColumns
{
    /// <summary>
    /// Columns duplicated out of the JSON without an index of their own (Marten's Duplicate() adds
    /// one per column). Every query leads with the merchant, so the
    /// composite index below serves them all.
    /// </summary>
    private static readonly Dictionary<Type, string[]> UnindexedColumns = new()
    {
        [typeof(VolumeBucket)] = [nameof(VolumeBucket.MerchantId), nameof(VolumeBucket.Start)],
    };

    public static void Register(StoreOptions opts)
    {
        // Policies run as each mapping is built, before the Schema.For alterations below see it.
        // (Duplicated columns are named from the snake_case JSON names: merchant_id -> merchant__id.)
        opts.Policies.ForAllDocuments(mapping =>
        {
            foreach (var member in UnindexedColumns.GetValueOrDefault(mapping.DocumentType) ?? [])
            {
                mapping.DuplicateField(member);
            }
        });

        opts.Schema.For<MerchantBalance>().Duplicate(b => b.MerchantId);
        opts.Schema.For<VolumeBucket>().Index([b => b.MerchantId, b => b.Start]);
    }
}
