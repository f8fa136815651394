using Ledger.Api.Payouts;
using Ledger.Api.Reads;
using Ledger.Api.Writes;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Api.Sharding;

/// <summary>Where one shard lives: its primary through PgBouncer, and its replica for reads.</summary>
public sealed class ShardOptions
{
    public required string Id { get; init; }

    /// <summary>The primary, through the shard's PgBouncer (transaction mode).</summary>
    public required string Write { get; init; }

    /// <summary>The streaming replica, directly (one host); while it is down, reads use <see cref="Write"/>.</summary>
    public required string Read { get; init; }
}

/// <summary>
/// One PostgreSQL primary with its replica, and everything the API keeps per primary: the store,
/// the group-commit writer, the read stores and their progress probes.
/// </summary>
public sealed class Shard : IAsyncDisposable
{
    /// <param name="cachedViews">charge views kept in this node for reads from the replica; 0 keeps none</param>
    public Shard(ShardOptions options, GroupCommitOptions? groupCommit, int cachedViews, ILoggerFactory loggers)
    {
        Id = options.Id;
        // Request traffic goes through PgBouncer in transaction mode: no session state, no
        // server-side prepared statements, no DISCARD ALL on return to Npgsql's pool.
        Primary = new NpgsqlDataSourceBuilder(options.Write).Build();
        Store = DocumentStore.For(opts =>
        {
            LedgerStore.Configure(opts);
            opts.Connection(Primary);
        });
        Reads = new ReadStores(Store, Primary, options.Read);
        Writer = groupCommit is null
            ? new MartenLedgerWriter(Store)
            : new GroupCommitWriter(Store, new ConflictCheck(Primary), groupCommit, loggers.CreateLogger<GroupCommitWriter>());
        Balances = new AvailableBalance(Primary);
        ChargeViews = cachedViews > 0 ? new StreamViewCache(ProjectionNames.Charges, cachedViews) : null;
        ReplicaProgress = new ProgressWatcher(Reads.ProgressSource, ChargeViews);
        PrimaryProgress = new ProgressWatcher(Primary);
    }

    public string Id { get; }

    public NpgsqlDataSource Primary { get; }

    public IDocumentStore Store { get; }

    public ReadStores Reads { get; }

    public ILedgerWriter Writer { get; }

    public AvailableBalance Balances { get; }

    /// <summary>Charge views read from the replica, kept until the replica's progress says they changed.</summary>
    public StreamViewCache? ChargeViews { get; }

    public ProgressWatcher ReplicaProgress { get; }

    public ProgressWatcher PrimaryProgress { get; }

    public async ValueTask DisposeAsync()
    {
        if (Writer is IAsyncDisposable writer)
        {
            await writer.DisposeAsync();
        }

        await Reads.DisposeAsync();
        Store.Dispose();
        await Primary.DisposeAsync();
    }
}
