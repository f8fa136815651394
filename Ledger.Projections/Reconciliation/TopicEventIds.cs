using System.Text.Json;
using Confluent.Kafka;
using Ledger.Projections.Kafka;

namespace Ledger.Projections.Reconciliation;

/// <summary>Reads the whole topic, every partition from its first offset to its current end, and collects the event ids.</summary>
public static class TopicEventIds
{
    public static HashSet<Guid> ReadAll(string bootstrap, TextWriter log, CancellationToken ct)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = $"ledger-reconcile-{Guid.NewGuid():N}", // assigned by hand below: nothing is committed
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var partitions = admin.GetMetadata(LedgerEventProducer.Topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartition(LedgerEventProducer.Topic, p.PartitionId)).ToList();
        var watermarks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)));
        var ends = watermarks.ToDictionary(w => w.Key, w => w.Value.High.Value);
        // Records below a partition's low watermark are gone by retention: an event among them
        // reads as missing though it was delivered. The local mock broker keeps 5 MB a partition.
        if (watermarks.Values.Sum(w => w.Low.Value) is var dropped and > 0)
        {
            log.WriteLine($"reconcile: the broker no longer holds the first {dropped} record(s) of {LedgerEventProducer.Topic} (retention); "
                + "events published before them read as missing here even if they were delivered");
        }

        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));

        var ids = new HashSet<Guid>();
        var remaining = ends.Where(e => e.Value > 0).Select(e => e.Key).ToHashSet();
        var idle = 0;
        while (remaining.Count > 0 && idle < 20)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (record is null)
            {
                idle++;
                continue;
            }

            idle = 0;
            using (var json = JsonDocument.Parse(record.Message.Value))
            {
                ids.Add(json.RootElement.GetProperty("event_id").GetGuid());
            }

            if (record.Offset.Value + 1 >= ends[record.TopicPartition])
            {
                remaining.Remove(record.TopicPartition);
            }

            ct.ThrowIfCancellationRequested();
        }

        if (remaining.Count > 0)
        {
            log.WriteLine($"reconcile: gave up reading {remaining.Count} partition(s) to their end after 10 s without records");
        }

        return ids;
    }
}
