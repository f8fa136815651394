using System.Diagnostics;
using Ledger.Projections.Storage;
using Marten;
using Npgsql;

namespace Ledger.Api.Reads;

/// <summary>
/// Where queries run. <see cref="Replica"/> is the streaming replica, connected directly so its
/// statements stay prepared; while it cannot be reached, reads go to <see cref="Primary"/>, the
/// write store (through PgBouncer), which also serves reads that must see a write the replica has
/// not replayed yet.
/// </summary>
public sealed class ReadStores : IAsyncDisposable
{
    private long _replicaDownUntil;

    public ReadStores(IDocumentStore primary, NpgsqlDataSource primarySource, string replicaConnectionString)
    {
        Primary = primary;
        PrimarySource = primarySource;
        var replica = PreparedStatements.DataSourceBuilder(replicaConnectionString);
        var settings = replica.ConnectionStringBuilder;
        if (settings.Host?.Contains(',', StringComparison.Ordinal) != false)
        {
            // The old replica-first multi-host form would prepare statements through PgBouncer.
            throw new InvalidOperationException(
                "A shard's Read connection string must name one host, the replica; reads fall back to its Write (PgBouncer) by themselves.");
        }

        ReplicaRecheck = TimeSpan.FromSeconds(settings.HostRecheckSeconds);
        ReplicaSource = replica.Build();
        var progress = PreparedStatements.DataSourceBuilder(replicaConnectionString);
        progress.ConnectionStringBuilder.MaxPoolSize = 1;
        ProgressSource = progress.Build();
        Replica = DocumentStore.For(opts =>
        {
            LedgerStore.Configure(opts);
            opts.Connection(ReplicaSource);
        });
    }

    public IDocumentStore Primary { get; }

    public IDocumentStore Replica { get; }

    public NpgsqlDataSource ReplicaSource { get; }

    /// <summary>
    /// One connection of its own to the replica for the progress probe: in the reads' pool it
    /// queued behind them when they all missed the kept views (a node's start), and held them all.
    /// </summary>
    public NpgsqlDataSource ProgressSource { get; }

    /// <summary>The write side's data source (PgBouncer), for probes that must see the primary.</summary>
    public NpgsqlDataSource PrimarySource { get; }

    /// <summary>How long reads skip the replica after it failed (the connection string's Host Recheck Seconds).</summary>
    public TimeSpan ReplicaRecheck { get; }

    /// <summary>True while the replica recently could not be reached: reads go to the primary without trying it.</summary>
    public bool ReplicaDown => Stopwatch.GetTimestamp() < Interlocked.Read(ref _replicaDownUntil);

    /// <summary>Sends reads to the primary for <see cref="ReplicaRecheck"/>; false if another read already did.</summary>
    public bool MarkReplicaDown()
    {
        var now = Stopwatch.GetTimestamp();
        var until = now + (long)(ReplicaRecheck.TotalSeconds * Stopwatch.Frequency);
        if (Interlocked.Exchange(ref _replicaDownUntil, until) >= now)
        {
            return false;
        }

        // Idle connections to a replica that went away are dead too: the first reads after the
        // recheck should open new ones, not fail on each old one in turn.
        ReplicaSource.Clear();
        ProgressSource.Clear();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Replica.Dispose();
        await ReplicaSource.DisposeAsync();
        await ProgressSource.DisposeAsync();
    }
}
