using System.Diagnostics;
using Ledger.Api.Reads;
using Ledger.Api.Sharding;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ledger.Tests.Integration.Reads;

/// <summary>
/// Reads without a token use a recent progress snapshot and never wait for the next one while it
/// is usable; every other caller waits for a snapshot as fresh as it asks.
/// </summary>
public sealed class ProgressWatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(100);
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(TestEnvironment.Direct());

    [Fact]
    public async Task A_recent_snapshot_is_used_at_once_and_the_next_is_fetched_meanwhile()
    {
        var watcher = new ProgressWatcher(_source);
        var first = await watcher.CurrentAsync(TimeSpan.Zero);
        await Task.Delay(Fresh * 2);

        var recent = watcher.RecentAsync(Fresh, TimeSpan.FromMinutes(1));

        recent.IsCompletedSuccessfully.ShouldBeTrue("no read waits for the refresh");
        (await recent).ShouldBeSameAs(first);
        await Eventually.HoldsAsync(async () => !ReferenceEquals(await watcher.RecentAsync(Fresh, TimeSpan.FromMinutes(1)), first),
            TimeSpan.FromSeconds(5), "the refresh it started is used by the reads after it");
    }

    [Fact]
    public async Task A_snapshot_past_usable_is_waited_for()
    {
        var watcher = new ProgressWatcher(_source);
        var first = await watcher.CurrentAsync(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromMilliseconds(20));

        var next = await watcher.RecentAsync(TimeSpan.Zero, TimeSpan.FromMilliseconds(10));

        next.AgeTicks.ShouldBeGreaterThan(first.AgeTicks);
    }

    [Fact]
    public async Task The_replicas_progress_is_read_while_every_read_connection_is_taken()
    {
        // What a node's start looks like: nothing kept yet, every read on the replica at once.
        await using var shard = new Shard(
            new ShardOptions { Id = "shard1", Write = TestEnvironment.ThroughPgBouncer(), Read = TestEnvironment.Replica() + ";Maximum Pool Size=2" },
            groupCommit: null, cachedViews: 0, NullLoggerFactory.Instance);
        await using var first = await shard.Reads.ReplicaSource.OpenConnectionAsync();
        await using var second = await shard.Reads.ReplicaSource.OpenConnectionAsync();

        var snapshot = await shard.ReplicaProgress.CurrentAsync(TimeSpan.Zero).WaitAsync(TimeSpan.FromSeconds(5));

        snapshot.Source.ShouldBe("replica");
    }

    [Fact]
    public void How_stale_a_read_may_be_counts_the_snapshots_age()
    {
        var twoSecondsAgo = Stopwatch.GetTimestamp() - (2 * Stopwatch.Frequency);
        var snapshot = new ProgressSnapshot(true, new Dictionary<string, (long, long)> { ["charges"] = (10, 300) }, 10, twoSecondsAgo);

        snapshot.MayBeBehindMs("charges").ShouldBeInRange(2_300, 2_300 + 1_000);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _source.DisposeAsync();
}
