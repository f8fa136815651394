using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Api.Reads;

/// <summary>
/// Where queries run. <see cref="Replica"/> prefers the streaming replica and falls back to the
/// primary (through PgBouncer) when the replica is down; <see cref="Primary"/> is the write store,
/// used when a read must see a write the replica has not replayed yet.
/// </summary>
public sealed class ReadStores : IAsyncDisposable
{
    public ReadStores(IDocumentStore primary, NpgsqlDataSource primarySource, string replicaFirstConnectionString)
    {
        Primary = primary;
        PrimarySource = primarySource;
        // Npgsql multi-host: tries hosts in order and remembers which are down for a few seconds.
        ReplicaSource = new NpgsqlDataSourceBuilder(replicaFirstConnectionString)
            .BuildMultiHost()
            .WithTargetSession(TargetSessionAttributes.PreferStandby);
        Replica = DocumentStore.For(opts =>
        {
            LedgerStore.Configure(opts);
            opts.Connection(ReplicaSource);
        });
    }

    public IDocumentStore Primary { get; }

    public IDocumentStore Replica { get; }

    public NpgsqlDataSource ReplicaSource { get; }

    /// <summary>The write side's data source (PgBouncer), for probes that must see the primary.</summary>
    public NpgsqlDataSource PrimarySource { get; }

    public async ValueTask DisposeAsync()
    {
        Replica.Dispose();
        await ReplicaSource.DisposeAsync();
    }
}
