using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Ledger.Tests.Integration.Kafka;

/// <summary>One record of ledger.events as a consumer sees it.</summary>
public sealed record Record(int Partition, long Offset, string Key, string? TypeHeader, JsonElement Value)
{
    public string EventId => Value.GetProperty("event_id").GetString()!;

    public long Version => Value.GetProperty("version").GetInt64();
}

/// <summary>
/// Reads every partition of ledger.events from the beginning in the background, with a plain
/// Confluent.Kafka consumer: manual assignment, no group membership, nothing committed (so no
/// waiting for a group rebalance and nothing left behind on the broker).
/// </summary>
public sealed class TopicReader : IAsyncDisposable
{
    private const string Topic = "ledger.events";
    private readonly List<Record> _records = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TopicReader()
    {
        _loop = Task.Factory.StartNew(Consume, TaskCreationOptions.LongRunning);
    }

    public IReadOnlyList<Record> Snapshot()
    {
        lock (_records)
        {
            return [.. _records];
        }
    }

    /// <summary>Waits until some record has each of the event ids; fails with what is missing.</summary>
    public async Task<IReadOnlyList<Record>> WaitForEventsAsync(IReadOnlyCollection<string> eventIds, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var records = Snapshot();
            var missing = eventIds.Except(records.Select(r => r.EventId)).ToList();
            if (missing.Count == 0)
            {
                return records;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing.Count} of {eventIds.Count} events never reached {Topic} within {timeout}: {string.Join(", ", missing.Take(5))}");
            }

            await Task.Delay(100);
        }
    }

    private void Consume()
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = TestEnvironment.Kafka,
            GroupId = $"ledger-tests-{Guid.NewGuid():N}", // never joined: assignment is manual
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();

        var partitions = WaitForPartitions(consumer);
        consumer.Assign(partitions.Select(p => new TopicPartitionOffset(Topic, p, Offset.Beginning)));
        while (!_stop.IsCancellationRequested)
        {
            ConsumeResult<string, byte[]>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException)
            {
                continue; // e.g. the broker went away: librdkafka reconnects by itself
            }

            if (result?.Message is { } message)
            {
                var type = message.Headers?.TryGetLastBytes("type", out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
                var record = new Record(result.Partition.Value, result.Offset.Value, message.Key, type, JsonDocument.Parse(message.Value).RootElement.Clone());
                lock (_records)
                {
                    _records.Add(record);
                }
            }
        }

        consumer.Close();
    }

    private List<Partition> WaitForPartitions(IConsumer<string, byte[]> consumer)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        while (true)
        {
            try
            {
                var topic = admin.GetMetadata(Topic, TimeSpan.FromSeconds(2)).Topics.Single();
                if (topic.Error.Code == ErrorCode.NoError && topic.Partitions.Count > 0)
                {
                    return [.. topic.Partitions.Select(p => new Partition(p.PartitionId))];
                }
            }
            catch (KafkaException) when (!_stop.IsCancellationRequested)
            {
                // The broker is not up (yet): try again.
            }

            _stop.Token.ThrowIfCancellationRequested();
            Thread.Sleep(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped before the topic was found.
        }

        _stop.Dispose();
    }
}
