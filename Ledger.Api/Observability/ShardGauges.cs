using System.Diagnostics.Metrics;
using Ledger.Api.Reads;
using Ledger.Api.Sharding;
using Ledger.Projections.Kafka;
using Ledger.Projections.Storage;

namespace Ledger.Api.Observability;

/// <summary>
/// Projection lag (ms) and Kafka relay lag (events) per shard, as seen on each primary. Scrapes
/// read the last progress snapshot and ask for a fresh one in the background, so a scrape never
/// waits on PostgreSQL and adds at most one small query per second.
/// </summary>
public sealed class ShardGauges : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly Meter _meter;

    public ShardGauges(IMeterFactory meters, ShardMap shards)
    {
        _meter = meters.Create(LedgerMetrics.MeterName + ".Shards");
        _meter.CreateObservableGauge("ledger.projection.lag", () => Observe(shards, (snapshot, shard) =>
            ProjectionNames.All.Select(name => new Measurement<long>(snapshot.BehindMs(name),
                Tag("shard", shard), Tag("projection", name)))), "ms", "How far each read model is behind the newest event");
        _meter.CreateObservableGauge("ledger.kafka.relay.lag", () => Observe(shards, (snapshot, shard) =>
            [new Measurement<long>(Math.Max(0, snapshot.HighestIssued - snapshot.Sequence(KafkaRelay.SubscriptionName)), Tag("shard", shard))]),
            "{event}", "Events committed but not yet acknowledged by Kafka");
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    private static IEnumerable<Measurement<long>> Observe(ShardMap shards, Func<ProgressSnapshot, string, IEnumerable<Measurement<long>>> measure) =>
        shards.All.SelectMany(shard => shard.PrimaryProgress.Peek(Fresh) is { } snapshot ? measure(snapshot, shard.Id) : []);
}
